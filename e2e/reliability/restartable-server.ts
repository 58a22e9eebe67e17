/**
 * A real Ringside server that can be killed (SIGKILL, no clean shutdown) and started again on the
 * same port with the same SQLite file, for the server-restart and server-away faults of issue 4.
 * e2e/fixtures/server.ts picks a new port per start, so it cannot stand in for "the server came back".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '../fixtures/index.js';
import { repoRoot, type RunningServer, type ServerOptions } from '../fixtures/server.js';

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
  let child: ChildProcess | null = null;
  let generation = 0;

  const start = async () => {
    generation += 1;
    const tag = `[run ${generation}]`;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        RING_TIMEOUT_S: String(options.ringTimeoutS ?? 8),
        RECONNECT_GRACE_S: String(options.reconnectGraceS ?? 5),
        LOG_LEVEL: options.logLevel ?? process.env.E2E_SERVER_LOG_LEVEL ?? 'info',
        STUN_URLS: 'stun:127.0.0.1:9',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${tag} no "listening" within 30 s`)), 30_000);
      const onLine = (line: string) => {
        lines.push(`${tag} ${line}`);
        if (lines.length > 4000) lines.shift();
        if (line.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      createInterface({ input: proc.stdout! }).on('line', onLine);
      createInterface({ input: proc.stderr! }).on('line', onLine);
      proc.once('exit', (code, signal) => {
        lines.push(`${tag} exited (code ${code}, signal ${signal})`);
        clearTimeout(timer);
        reject(
          new Error(
            `${tag} server exited early (code ${code}, signal ${signal})\n${lines.slice(-30).join('\n')}`,
          ),
        );
      });
    });
  };

  const waitExit = async (proc: ChildProcess, signal: NodeJS.Signals) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    output: () => lines.join('\n'),
    get running() {
      return !!child && child.exitCode === null && child.signalCode === null;
    },
    kill: async () => {
      if (child) await waitExit(child, 'SIGKILL');
    },
    start,
    stop: async () => {
      if (child) {
        const proc = child;
        const timer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
        await waitExit(proc, 'SIGTERM');
        clearTimeout(timer);
      }
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
