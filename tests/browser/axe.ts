// axe-core (a dev dependency) run inside the page: the serious and critical violations, each with
// the first few elements it found, so a failing test says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

export async function axeViolations(page: Page, o: { exclude?: string[] } = {}): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol, not a <script> tag: the server's Content-Security-
  // Policy (script-src 'self') refuses inline scripts, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axeSource}\n;void 0`);
  const found = await page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; html: string }> }> }> } }).axe;
    const result = await axe.run(exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 140)}`) }));
  }, o.exclude ?? []);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
