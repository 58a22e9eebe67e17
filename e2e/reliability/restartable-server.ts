/**
 * A real Ringside server that can be killed (SIGKILL, no clean shutdown) and started again on the
 * same port with the same SQLite file, for the server-restart and server-away faults of issue 4.
 * e2e/fixtures/server.ts picks a new port per start, so it cannot stand in for "the server came back".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServer, type ServerProcess } from '../../testing/server-process.js';
import { test as base } from '../fixtures/index.js';
import { e2eServerEnv, e2eServerScript, type RunningServer, type ServerOptions } from '../fixtures/server.js';

export interface RestartableServer extends RunningServer {
  port: number;
  /** SIGKILL: the process dies without closing sockets or the database. */
  kill: () => Promise<void>;
  /** Starts the server again on the same port and data directory. */
  start: () => Promise<void>;
  readonly running: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startRestartableServer(options: ServerOptions = {}): Promise<RestartableServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ringside-rel-data-'));
  const port = await freePort();
  const lines: string[] = [];
  let current: ServerProcess | null = null;
  let generation = 0;

  const start = async () => {
    generation += 1;
    current = await spawnServer({
      env: e2eServerEnv(options, dataDir, port),
      tag: `[run ${generation}]`,
      lines,
      script: e2eServerScript(),
    });
  };

  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    output: () => lines.join('\n'),
    get running() {
      return !!current && current.child.exitCode === null && current.child.signalCode === null;
    },
    kill: async () => {
      await current?.stop('SIGKILL');
    },
    start,
    stop: async () => {
      await current?.stop('SIGTERM', 3_000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The base fixtures with `server` replaced by a restartable one (same port, same database). */
export const test = base.extend<{ server: RestartableServer }>({
  server: async ({ serverOptions }, use, testInfo) => {
    const server = await startRestartableServer(serverOptions);
    await use(server);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server-log', { body: server.output(), contentType: 'text/plain' });
    }
    await server.stop();
  },
});
export { expect } from '../fixtures/index.js';
