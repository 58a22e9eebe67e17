/** Shared helpers for the benchmarks: child processes with raised fd limits, stats, HTTP set-up. */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawnServer } from '../testing/server-process.js';

/** Spawns `node ARGS` through bash so the soft fd limit is raised to the hard limit first. */
export function spawnNode(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdio?: StdioOptions; cwd?: string } = {},
): ChildProcess {
  return spawn(
    'bash',
    ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...args],
    { env: options.env ?? process.env, stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'], cwd: options.cwd },
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NodeProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Last lines of output, for error reports. */
  tail: string[];
  stop(): Promise<number | null>;
}

/**
 * Starts a server process (Ringside's server/main.ts or the bare relay) with a raised fd limit and
 * waits for its JSON log line `{"msg":"listening","url":...}` (testing/server-process.ts).
 */
export async function startNode(
  script: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
  timeoutMs = 60_000,
): Promise<NodeProcess> {
  const port = env.PORT ?? String(await freePort());
  const tail: string[] = [];
  const server = await spawnServer({
    script,
    nodeArgs,
    raiseFdLimit: true,
    startTimeoutMs: timeoutMs,
    lines: tail,
    maxLines: 40,
    env: { HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: port },
  });
  return {
    url: server.url.replace('localhost', '127.0.0.1'),
    pid: server.child.pid ?? 0,
    child: server.child,
    tail,
    stop: async () => {
      await server.stop('SIGINT', 15_000);
      return server.child.exitCode;
    },
  };
}

/** Resident set size of a process in bytes (Linux /proc), or 0 when unknown. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/PID/stat. With `withExited`,
 * also what its children that exited used (cutime + cstime): summed over the live members of a
 * process tree (PostgreSQL's postmaster and backends), that total never goes down when a backend
 * exits between two readings.
 */
export function cpuSecondsOf(pid: number, withExited = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (withExited ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
  } catch {
    return 0;
  }
}

/** A process and all its descendants (Linux /proc scan), e.g. PostgreSQL's postmaster and backends. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process exited while we looked
    }
  }
  const result: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    result.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return result;
}

/** Open file descriptors of a process (Linux). */
export function fdLimitOf(pid: number): number {
  try {
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const match = /Max open files\s+(\d+)/.exec(limits);
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface BenchUser {
  id: string;
  username: string;
  token: string;
}

export async function postJson(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Registers a user (retrying on 429 with back-off). */
export async function register(baseUrl: string, username: string, password: string): Promise<BenchUser> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { status, json } = await postJson(`${baseUrl}/api/auth/register`, { username, password });
    if (status === 201 || status === 200) {
      const body = json as { token: string; user: { id: string; username: string } };
      return { id: body.user.id, username: body.user.username, token: body.token };
    }
    if (status !== 429) throw new Error(`register ${username}: HTTP ${status} ${JSON.stringify(json)}`);
    await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
  }
  throw new Error(`register ${username}: still rate limited`);
}

/** Makes two users mutual contacts (a request each way). */
export async function befriend(baseUrl: string, a: BenchUser, b: BenchUser): Promise<void> {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    const { status, json } = await postJson(`${baseUrl}/api/contacts`, { username: to.username }, from.token);
    if (status >= 300 && status !== 409) {
      throw new Error(`contact ${from.username} -> ${to.username}: HTTP ${status} ${JSON.stringify(json)}`);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
