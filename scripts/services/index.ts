/**
 * Throwaway PostgreSQL, Redis and coturn on 127.0.0.1 for tests and benchmarks.
 * Thin wrapper over the bash scripts next to this file (the single source of truth):
 *
 *   import { startPostgres, startRedis, startCoturn, serviceAvailable } from '../scripts/services/index.js';
 *   describe.skipIf(!serviceAvailable('postgres'))('on PostgreSQL', () => {
 *     let pg: Service;
 *     beforeAll(async () => { pg = await startPostgres(); });
 *     afterAll(() => pg.stop());
 *     // pg.url = postgres://postgres@127.0.0.1:PORT/ringside
 *   });
 *
 * A missing binary makes `start*()` throw `ServiceSkipped` (or fail loudly with CI=true);
 * `serviceAvailable()` answers synchronously so suites can skip up front.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'postgres' | 'redis' | 'coturn';

export interface Service {
  name: ServiceName;
  /** DATABASE_URL, REDIS_URL or TURN_URL. */
  url: string;
  /** Every variable the script printed (coturn adds TURN_SECRET and TURN_REALM). */
  env: Record<string, string>;
  /** The service's working directory (logs, pid file). Removed by stop(). */
  dir: string;
  /** Stops the service and removes its directory. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface Coturn extends Service {
  secret: string;
  realm: string;
}

/** Thrown when a binary is missing and CI is not `true`: the caller should skip. */
export class ServiceSkipped extends Error {
  readonly skipped = true;
  constructor(
    readonly service: ServiceName,
    reason: string,
  ) {
    super(reason);
    this.name = 'ServiceSkipped';
  }
}

const scriptsDir = dirname(fileURLToPath(import.meta.url));
const SKIP_EXIT = 77;
const urlKey: Record<ServiceName, string> = {
  postgres: 'DATABASE_URL',
  redis: 'REDIS_URL',
  coturn: 'TURN_URL',
};

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
}

/** Whether the service's binary is installed (a cheap, synchronous check for `skipIf`). */
export function serviceAvailable(name: ServiceName): boolean {
  switch (name) {
    case 'redis':
      return onPath('redis-server');
    case 'coturn':
      return onPath('turnserver');
    case 'postgres': {
      if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb'));
      if (onPath('initdb')) return true;
      const root = '/usr/lib/postgresql';
      return existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, 'bin', 'initdb')));
    }
  }
}

function run(
  script: string,
  args: string[],
  env?: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [join(scriptsDir, script), ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) env[match[1]] = match[2];
  }
  return env;
}

/** Starts one service in a fresh temp dir. `env` presets e.g. PG_DB, TURN_SECRET, REDIS_PORT. */
export async function startService(name: ServiceName, env?: Record<string, string>): Promise<Service> {
  const dir = await mkdtemp(join(tmpdir(), `ringside-${name}-`));
  const started = await run(`${name}.sh`, ['start', dir], env);
  if (started.code !== 0) {
    await run(`${name}.sh`, ['stop', dir]);
    await rm(dir, { recursive: true, force: true });
    if (started.code === SKIP_EXIT) throw new ServiceSkipped(name, started.stdout.trim());
    throw new Error(`${name} failed to start (exit ${started.code}): ${started.stderr.trim()}`);
  }
  const vars = parseEnv(started.stdout);
  const url = vars[urlKey[name]];
  if (!url) throw new Error(`${name}.sh printed no ${urlKey[name]}: ${started.stdout}`);
  let stopping: Promise<void> | undefined;
  return {
    name,
    url,
    env: vars,
    dir,
    stop() {
      stopping ??= (async () => {
        const stopped = await run(`${name}.sh`, ['stop', dir]);
        if (stopped.code !== 0) console.warn(`[services] ${name} stop: ${stopped.stderr.trim()}`);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** PostgreSQL with a `ringside` database (PG_DB overrides); url = DATABASE_URL. */
export function startPostgres(env?: { PG_DB?: string }): Promise<Service> {
  return startService('postgres', env);
}

/** Redis without persistence; url = REDIS_URL. */
export function startRedis(): Promise<Service> {
  return startService('redis');
}

/** coturn in use-auth-secret mode; url = TURN_URL (turn:127.0.0.1:PORT), plus secret and realm. */
export async function startCoturn(env?: { TURN_SECRET?: string; TURN_REALM?: string }): Promise<Coturn> {
  const service = await startService('coturn', env);
  return { ...service, secret: service.env.TURN_SECRET ?? '', realm: service.env.TURN_REALM ?? '' };
}

/** Starts the named services, skipping missing ones (unless CI=true); returns what started. */
export async function startServices(names: ServiceName[]): Promise<Partial<Record<ServiceName, Service>>> {
  const started: Partial<Record<ServiceName, Service>> = {};
  try {
    for (const name of names) {
      try {
        started[name] = await startService(name);
      } catch (error) {
        if (!(error instanceof ServiceSkipped)) throw error;
        console.warn(`[services] ${error.message}`);
      }
    }
  } catch (error) {
    await Promise.all(Object.values(started).map((service) => service.stop()));
    throw error;
  }
  return started;
}
