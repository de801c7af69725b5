// Configuration is read once, with zod; a bad value stops start-up naming the variable (CFG rules).
import { describe, expect, it } from 'vitest';
import { EnvError, modelConfigured, parseEnv } from '../server/env.js';

describe('configuration', () => {
  it('[CFG1] defaults: port 3000, PGlite in ./.data, offline, clock x1', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './.data', CLOCK_SPEED: 1 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(modelConfigured(env)).toBe(false);
  });

  it('[CFG2] a bad value is refused with a message naming the variable', () => {
    for (const [name, value] of [['PORT', 'abc'], ['CLOCK_SPEED', '-2'], ['DATABASE_URL', 'mysql://x'], ['OPENAI_BASE_URL', 'not a url']] as const) {
      expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
      expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it('[CFG3] a key or a base URL alone turns the model on; empty strings count as unset', () => {
    expect(modelConfigured(parseEnv({ OPENAI_API_KEY: 'sk-x' }))).toBe(true);
    expect(modelConfigured(parseEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }))).toBe(true);
    expect(modelConfigured(parseEnv({ OPENAI_API_KEY: '', OPENAI_BASE_URL: '' }))).toBe(false);
  });

  it('[CFG3] every empty variable takes its default: PORT= is port 3000, not a random port', () => {
    const env = parseEnv({ PORT: '', CLOCK_SPEED: ' ', OPENAI_MODEL: '', DATA_DIR: '', LOG_LEVEL: '' });
    expect(env).toMatchObject({ PORT: 3000, CLOCK_SPEED: 1, OPENAI_MODEL: 'gpt-4o-mini', DATA_DIR: './.data', LOG_LEVEL: 'info' });
  });
});
