import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The repository's root directory (the server is spawned from here). */
export const repoRoot = path.resolve(import.meta.dirname, '..');

export interface ServerProcessOptions {
  /** Put on top of this process's environment (PORT, DATA_DIR, ...). */
  env: Record<string, string | undefined>;
  /** Put before every output line, e.g. `[run 2]` for a restarted server. */
  tag?: string;
  /** Where output lines go: pass one array to keep the lines of several runs together. */
  lines?: string[];
  /** Older lines are dropped beyond this many. */
  maxLines?: number;
  /** How long to wait for the listening line before giving up (and killing the process). */
  startTimeoutMs?: number;
  /** The entry point, relative to the repository root or absolute (default `server/main.ts`). */
  script?: string;
  /** Node.js options before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Raise the soft file-descriptor limit to the hard one first (benchmarks holding many sockets). */
  raiseFdLimit?: boolean;
}

/** `server/main.ts` running as its own process, as production runs it. */
export interface ServerProcess {
  /** From the `"msg":"listening"` log line, without a trailing slash. */
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far (JSON log lines), for failure messages. */
  output(): string;
  /** Sends `signal` (then SIGKILL after `forceAfterMs`, when given); resolves once the process exited. */
  stop(signal?: NodeJS.Signals, forceAfterMs?: number): Promise<void>;
}

/** The URL of a pino line like `{"msg":"listening","url":"http://127.0.0.1:41234"}`, or null. */
function listeningUrl(line: string): string | null {
  if (!line.includes('"listening"')) return null;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'listening' && typeof entry.url === 'string' ? entry.url.replace(/\/$/, '') : null;
  } catch {
    return null;
  }
}

/** `node --import tsx ...`, through bash when the fd limit is to be raised (exec keeps the pid). */
function spawnNodeScript(options: ServerProcessOptions): ChildProcessByStdio<null, Readable, Readable> {
  const script = options.script ?? 'server/main.ts';
  // A bundled script (testing/cluster-setup.ts) is plain JavaScript: no loader to register.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const args = [...loader, ...(options.nodeArgs ?? []), script];
  const spawnOptions = {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
  };
  if (!options.raiseFdLimit) return spawn(process.execPath, args, spawnOptions);
  const raise = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  return spawn('bash', ['-c', raise, process.execPath, ...args], spawnOptions);
}

/**
 * Spawns `server/main.ts` (or another script that logs the same line, such as the benchmarks' bare
 * relay) through tsx, from the repository root, and resolves once it logs that it is listening.
 * Rejects, with the output so far, when it exits or stays silent first.
 */
export async function spawnServer(options: ServerProcessOptions): Promise<ServerProcess> {
  const { tag, maxLines = 4000, startTimeoutMs = 30_000 } = options;
  const lines = options.lines ?? [];
  const child = spawnNodeScript(options);
  const record = (line: string) => {
    lines.push(tag ? `${tag} ${line}` : line);
    if (lines.length > maxLines) lines.shift();
  };
  const output = () => lines.join('\n');
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      record(`exited (code ${code}, signal ${signal})`);
      resolve();
    }),
  );
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', forceAfterMs?: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const force =
      forceAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
    await exited;
    clearTimeout(force);
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "listening" log within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      const onLine = (line: string) => {
        record(line);
        const url = listeningUrl(line);
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      };
      createInterface({ input: child.stdout }).on('line', onLine);
      createInterface({ input: child.stderr }).on('line', onLine);
      void exited.then(() => {
        clearTimeout(timer);
        reject(
          new Error(`server exited before listening (code ${child.exitCode}, signal ${child.signalCode})`),
        );
      });
    });
    return { url, child, output, stop };
  } catch (error) {
    await stop('SIGKILL');
    throw new Error(
      `${tag ? `${tag} ` : ''}${(error as Error).message}\n--- server output ---\n${output()}`,
      {
        cause: error,
      },
    );
  }
}

/** A node for multi-node tests: port 0, its own temp data directory (removed on exit), fast scrypt. */
export interface NodeProcess extends ServerProcess {
  /** Sends the signal and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `server/main.ts` on port 0 with `env` on top of the test defaults. */
export async function spawnNode(
  env: Record<string, string | undefined>,
  options: Pick<ServerProcessOptions, 'startTimeoutMs' | 'script'> = {},
): Promise<NodeProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-node-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const node = await spawnServer({
      env: {
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        SCRYPT_LOG_N: '10',
        REGISTER_RATE_MAX: '1000',
        ...env,
      },
      ...options,
    });
    node.child.once('exit', removeDataDir);
    return { ...node, kill: (signal) => node.stop(signal) };
  } catch (error) {
    removeDataDir();
    throw error;
  }
}
