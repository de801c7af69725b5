// Prompt templates live as Markdown in prompts/ so they can be read and reviewed as prose;
// this module fills their `{{name}}` placeholders.
import { readFileSync } from 'node:fs';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const PROMPTS_DIR = new URL('../../prompts/', import.meta.url);

/**
 * Replaces every `{{name}}` in one pass. One pass matters: a value that itself contains
 * `{{level}}` (candidate text can) is inserted as is, never expanded. A placeholder without a
 * value throws, so a template and its caller cannot drift apart silently.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`prompt template: no value for {{${name}}}`);
    return value;
  });
}

const cache = new Map<string, string>();

/** Reads `prompts/<name>.md` once per process. Names are plain so they cannot leave prompts/. */
export function loadPrompt(name: string): string {
  const base = name.endsWith('.md') ? name.slice(0, -3) : name;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(base)) throw new Error(`prompt name not allowed: ${name}`);
  let text = cache.get(base);
  if (text === undefined) {
    text = readFileSync(new URL(`${base}.md`, PROMPTS_DIR), 'utf8');
    cache.set(base, text);
  }
  return text;
}
