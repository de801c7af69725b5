// `npm start`: parse the configuration, start the server, stop cleanly on SIGINT/SIGTERM.
import { EnvError, parseEnv } from './env.js';
import { startServer } from './server.js';
import { errorSummary } from './http/hardening.js';

async function main() {
  let env;
  try {
    env = parseEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // [SAFE15] An error is logged as a summary (class, database code, message cut short): never a
  // failing query with its parameters, which carry request bodies.
  const log = (msg: string, err?: unknown) => {
    if (env.LOG_LEVEL === 'silent') return;
    console.error(`[server] ${msg.slice(0, 500)}`, err === undefined ? '' : errorSummary(err));
  };
  const server = await startServer({ env, log });
  console.log(
    `Mock interview server on http://localhost:${server.port} (db: ${server.db.kind}, interviewer: ${env.OPENAI_API_KEY || env.OPENAI_BASE_URL ? 'openai' : 'offline'}, clock x${env.CLOCK_SPEED})`,
  );
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    await server.close().catch((err) => log('close failed', err));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
