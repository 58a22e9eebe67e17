/** A real server in this process, on port 0 with a temp SQLite directory: for vitest suites. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createServer, type RingsideServer } from '../server/app.js';
import { loadConfig, type Env } from '../server/config.js';

/** Test-friendly environment: fast scrypt, quiet logs, a temp SQLite file. */
export function testEnv(dir: string, overrides: Env = {}): Env {
  return {
    PORT: '0',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SCRYPT_LOG_N: '10',
    REGISTER_RATE_MAX: '1000',
    RING_TIMEOUT_S: '30',
    RECONNECT_GRACE_S: '30',
    ...overrides,
  };
}

export interface TestServer {
  server: RingsideServer;
  url: string;
  port: number;
  dir: string;
  env: Env;
  /** Closes the server; the data directory stays (for restart tests) until `cleanup`. */
  close(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Starts a real server on port 0 with a fresh temp data dir (or the given one, to restart on the same DB). */
export async function startTestServer(overrides: Env = {}, dir?: string): Promise<TestServer> {
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'ringside-test-'));
  const env = testEnv(dataDir, overrides);
  const server = await createServer(loadConfig(env), { logger: pino({ level: 'silent' }) });
  const { port, url } = await server.listen();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
  };
  return {
    server,
    url,
    port,
    dir: dataDir,
    env,
    close,
    async cleanup() {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
