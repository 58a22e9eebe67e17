/**
 * Server load benchmark (issue 5): `npm run bench:server -- [options]`.
 *
 * For each target (the bare relay, one Ringside node, N Ringside nodes on PostgreSQL + Redis),
 * started as separate processes on 127.0.0.1, with simulated users in separate worker processes:
 *   A. connections: ramp authenticated, idle sockets up to --max-sockets; server RSS per socket.
 *   B. calls: --pairs caller/callee pairs in a closed loop for --duration seconds, each call
 *      invite -> incoming -> accept -> accepted -> N candidates each way -> media both ways -> hangup -> ended;
 *      call set-ups/s, p50/p99 of invite->incoming and of signal relay.
 * Prints a Markdown table and writes JSON to bench/results/.
 *
 * Options (all optional):
 *   --targets bare,ringside,tuned,postgres,scaleout   what to run, in order (default bare,ringside):
 *                                      bare relay; one node on SQLite; one node on PostgreSQL;
 *                                      --nodes nodes on PostgreSQL + Redis (callers and callees on different nodes);
 *                                      tuned = one SQLite node with the --whatif fixes (default stmt-cache,sync-normal)
 *   --url http://a,http://b            an already running Ringside (one or more nodes) instead of starting one
 *   --workers 4                        load processes
 *   --max-sockets 19500 --step 2500    phase A bound and ramp step (0 skips phase A)
 *   --conn-users 200                   users the phase A sockets are spread over (devices per user = sockets/users)
 *   --pairs 200 --duration 20          phase B concurrency and length in seconds (0 pairs skips phase B)
 *   --max-calls 200000 --candidates 10 --sdp-bytes 2500
 *   --early-candidates 3               candidates the caller sends while ringing (held by the server until accept)
 *   --nodes 2                          Ringside nodes for the scaleout target
 *   --cpu-prof                         profile the Ringside node(s) (node --cpu-prof) and print the hotspots
 *   --sql-census                       count and time every SQLite statement of the Ringside node (bench/sql-census.ts)
 *   --whatif stmt-cache,sync-normal    apply candidate SQLite fixes from outside the server (bench/sqlite-whatif.ts)
 *   --server-env KEY=VALUE             extra environment for Ringside nodes (repeatable)
 *   --rate 200                         also run a paced phase at this many call set-ups/s (latency at a fixed load)
 *   --same-node                        with several nodes, keep each pair's caller and callee on one node
 *   --rounds 3                         repeat the whole target list (a shared machine is noisy: compare within a round)
 *   --out DIR                          where JSON results and CPU profiles go (default $TMPDIR/ringside-bench)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync, type ChildProcess } from 'node:child_process';
import type { WorkerCommand, WorkerReply, WorkerUser } from './load-worker.js';
import {
  befriend,
  cpuSecondsOf,
  fdLimitOf,
  processTree,
  mapLimit,
  percentile,
  register,
  rssOf,
  sleep,
  spawnNode,
  startNode,
  type BenchUser,
  type NodeProcess,
} from './lib.js';
import { formatSummary, summarize } from './profile-top.js';
import { startPostgres, startRedis, type Service } from '../scripts/services/index.js';

const { values: opts } = parseArgs({
  options: {
    targets: { type: 'string', default: 'bare,ringside' },
    url: { type: 'string' },
    workers: { type: 'string', default: '4' },
    'max-sockets': { type: 'string', default: '19500' },
    step: { type: 'string', default: '2500' },
    'conn-users': { type: 'string', default: '200' },
    pairs: { type: 'string', default: '200' },
    duration: { type: 'string', default: '20' },
    'max-calls': { type: 'string', default: '200000' },
    candidates: { type: 'string', default: '10' },
    'early-candidates': { type: 'string', default: '0' },
    'sdp-bytes': { type: 'string', default: '2500' },
    nodes: { type: 'string', default: '2' },
    'cpu-prof': { type: 'boolean', default: false },
    'sql-census': { type: 'boolean', default: false },
    whatif: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    'same-node': { type: 'boolean', default: false },
    'server-env': { type: 'string', multiple: true, default: [] },
    rate: { type: 'string', default: '0' },
    out: { type: 'string' },
  },
});

const num = (name: keyof typeof opts): number => Number(opts[name]);
const workerCount = num('workers');
const maxSockets = num('max-sockets');
const step = num('step');
const connUsers = num('conn-users');
const pairCount = num('pairs');
const durationS = num('duration');
const root = resolve(import.meta.dirname, '..');
const resultsDir = resolve(opts.out ?? join(tmpdir(), 'ringside-bench'));
const runId = new Date().toISOString().replace(/[:.]/g, '-');
const log = (...args: unknown[]) =>
  console.info(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

/** Ringside with cheap password hashing and rate limits that do not trip (the limiter code still runs). */
const ringsideEnv: Record<string, string> = {
  SCRYPT_LOG_N: '10',
  REGISTER_RATE_MAX: '1000000',
  LOGIN_RATE_MAX: '1000000',
  INVITE_RATE_MAX: '1000000',
  SIGNAL_RATE_MAX: '1000000',
  RING_TIMEOUT_S: '45',
  LOG_LEVEL: 'info', // main.ts logs "listening" at info
  ...Object.fromEntries(
    (opts['server-env'] ?? []).map((kv) => {
      const eq = kv.indexOf('=');
      return [kv.slice(0, eq), kv.slice(eq + 1)];
    }),
  ),
};

// ---------- workers ----------

interface Worker {
  index: number;
  child: ChildProcess;
  /** Called when the worker's call loop starts (its pair sockets are connected). */
  onLoopStarted?: () => void;
  request(command: WorkerCommand): Promise<WorkerReply>;
}

function startWorkers(count: number): Worker[] {
  return Array.from({ length: count }, (_, index) => {
    const child = spawnNode(['--import', 'tsx', join(root, 'bench', 'load-worker.ts')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let pending: ((reply: WorkerReply) => void) | undefined;
    const worker: Worker = { index, child, request: () => Promise.reject(new Error('not ready')) };
    child.on('message', (reply: WorkerReply) => {
      if (reply.type === 'loop-started') return worker.onLoopStarted?.();
      if (reply.type === 'error') log(`worker ${index}: ${reply.message}`);
      const resolveReply = pending;
      pending = undefined;
      resolveReply?.(reply);
    });
    child.on('exit', (code) => {
      if (code) log(`worker ${index} exited with ${code}`);
    });
    worker.request = (command) =>
      new Promise<WorkerReply>((resolveReply) => {
        pending = resolveReply;
        child.send(command);
      });
    return worker;
  });
}

/** Each worker connects from its own loopback address, so ephemeral ports never run out. */
const localAddress = (worker: number) => `127.0.0.${10 + worker}`;

// ---------- targets ----------

interface Target {
  name: string;
  nodes: NodeProcess[];
  /** Node URLs (external targets have no process). */
  urls: string[];
  pids: number[];
  kind: 'bare' | 'ringside';
  /** PostgreSQL / Redis processes serving this target (their CPU is reported separately). */
  servicePids?: () => number[];
  stop(): Promise<void>;
}

async function startRingside(
  name: string,
  nodeCount: number,
  env: Record<string, string>,
  whatif = opts.whatif,
): Promise<Target> {
  const profDir = join(resultsDir, `prof-${runId}-${name}`);
  const nodeArgs = opts['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const censusFile = join(resultsDir, `sql-census-${runId}-${name}.md`);
  const censusArgs = [
    ...(opts['sql-census'] ? ['--import', join(root, 'bench', 'sql-census.ts')] : []),
    ...(whatif ? ['--import', join(root, 'bench', 'sqlite-whatif.ts')] : []),
  ];
  const nodes: NodeProcess[] = [];
  const dataDirs: string[] = [];
  try {
    for (let i = 0; i < nodeCount; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'ringside-bench-'));
      dataDirs.push(dataDir);
      nodes.push(
        await startNode(
          join(root, 'server', 'main.ts'),
          {
            ...ringsideEnv,
            ...env,
            DATA_DIR: dataDir,
            BENCH_WHATIF: whatif ?? '',
            SQL_CENSUS_FILE: censusFile.replace(/\.md$/, `-${i}.md`),
          },
          [...nodeArgs, ...censusArgs],
        ),
      );
    }
  } catch (error) {
    // A node that failed to start: stop the ones that did and remove every data dir.
    await Promise.all(nodes.map((n) => n.stop()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    name,
    nodes,
    urls: nodes.map((n) => n.url),
    pids: nodes.map((n) => n.pid),
    kind: 'ringside',
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
      if (opts['cpu-prof']) {
        // One profile per thread: the largest is the main thread (the others are tsx's loader).
        const files = safeList(profDir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(profDir, f))
          .sort((a, b) => statSync(b).size - statSync(a).size);
        if (files[0]) {
          const summary = summarize(JSON.parse(readFileSync(files[0], 'utf8')), 25);
          log(`CPU profile ${files[0]}\n${formatSummary(summary)}`);
        }
      }
      if (opts['sql-census']) {
        for (const file of safeList(resultsDir).filter((f) => f.startsWith(`sql-census-${runId}-${name}`))) {
          log(`SQL census ${file}\n${readFileSync(join(resultsDir, file), 'utf8')}`);
        }
      }
    },
  };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The postmaster (and its backends) and redis-server of throwaway services, from their pid files. */
function servicePids(services: Service[]): number[] {
  const pids: number[] = [];
  for (const service of services) {
    try {
      if (service.name === 'postgres') {
        const data = readFileSync(join(service.dir, 'pgdata.path'), 'utf8').trim();
        pids.push(...processTree(Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])));
      } else if (service.name === 'redis') {
        pids.push(Number(readFileSync(join(service.dir, 'redis.pid'), 'utf8').trim()));
      }
    } catch {
      // not running as root (no pgdata.path) or already stopped: no figure
    }
  }
  return pids;
}

// ---------- phase A: connections ----------

interface ConnectionResult {
  connected: number;
  failed: number;
  errors: Record<string, number>;
  rssBaseMiB: number;
  rssMiB: number;
  bytesPerSocket: number;
  rampSeconds: number;
  serverCpuS: number;
  limit: string;
  loadAvg: number;
}

async function phaseConnections(
  target: Target,
  workers: Worker[],
  users: BenchUser[],
): Promise<ConnectionResult> {
  const rss = () => target.pids.reduce((sum, pid) => sum + rssOf(pid), 0);
  const fdLimit = Math.min(...target.pids.map(fdLimitOf).filter((n) => n > 0), Infinity);
  // Each node holds sockets/nodes; leave ~150 descriptors for the database, logs and listeners.
  const perNodeCap = Number.isFinite(fdLimit) ? fdLimit - 150 : Infinity;
  const cap = Math.min(maxSockets, perNodeCap * target.urls.length);
  const limit = cap < maxSockets ? `server fd limit ${fdLimit}` : `--max-sockets ${maxSockets}`;
  await sleep(1000);
  const rssBase = rss();
  const cpuBase = target.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const errors: Record<string, number> = {};
  let connected = 0;
  let failed = 0;
  let next = 0;
  const started = Date.now();
  while (next < cap) {
    const count = Math.min(step, cap - next);
    const slices: WorkerUser[][] = workers.map(() => []);
    for (let k = next; k < next + count; k++) {
      const user = users[k % users.length] as BenchUser;
      slices[k % workers.length]?.push({
        id: user.id,
        token: user.token,
        deviceId: `bench-dev-${k}`,
        url: target.urls[k % target.urls.length] as string,
      });
    }
    const stepStart = Date.now();
    const replies = await Promise.all(
      workers.map((w) =>
        w.request({
          type: 'connect',
          users: slices[w.index] ?? [],
          concurrency: 50,
          timeoutMs: 30_000,
          localAddress: localAddress(w.index),
        }),
      ),
    );
    let stepFailed = 0;
    for (const reply of replies) {
      if (reply.type !== 'connected') continue;
      connected += reply.ok;
      stepFailed += reply.failed;
      for (const [k, v] of Object.entries(reply.errors)) errors[k] = (errors[k] ?? 0) + v;
    }
    failed += stepFailed;
    next += count;
    log(
      `${target.name}: ${connected} sockets (+${count - stepFailed} in ${Date.now() - stepStart} ms, ${stepFailed} failed), ` +
        `RSS ${(rss() / 2 ** 20).toFixed(0)} MiB`,
    );
    if (stepFailed > count * 0.01) {
      log(`${target.name}: stopping the ramp, ${stepFailed} of ${count} failed: ${JSON.stringify(errors)}`);
      break;
    }
  }
  const rampSeconds = (Date.now() - started) / 1000;
  await sleep(5000); // idle: let the connection storm's garbage be collected
  const rssNow = rss();
  const serverCpuS = target.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0) - cpuBase;
  await Promise.all(workers.map((w) => w.request({ type: 'disconnect' })));
  await sleep(2000);
  return {
    connected,
    failed,
    errors,
    rssBaseMiB: rssBase / 2 ** 20,
    rssMiB: rssNow / 2 ** 20,
    bytesPerSocket: connected > 0 ? (rssNow - rssBase) / connected : NaN,
    rampSeconds,
    serverCpuS,
    limit,
    loadAvg: loadavg()[0] ?? 0,
  };
}

// ---------- phase B: calls ----------

interface CallResult {
  /** 0: closed loop (as fast as it goes); otherwise the paced target in set-ups/s. */
  rate: number;
  pairs: number;
  completed: number;
  failed: number;
  errors: Record<string, number>;
  setupsPerSecond: number;
  inviteP50: number;
  inviteP99: number;
  relayP50: number;
  relayP99: number;
  setupP50: number;
  setupP99: number;
  signals: number;
  serverCpuPercent: number;
  workerCpuPercent: number;
  /** 1-minute load average at the end: above the core count, something else competed for the CPU. */
  loadAvg: number;
  /** Slowest worker's time to connect its pair sockets. */
  connectMs: number;
  /** Server CPU time per completed call set-up: robust against other load on the machine. */
  serverCpuMsPerCall: number;
  /** PostgreSQL + Redis CPU time per completed call set-up (targets with services). */
  servicesCpuMsPerCall?: number;
}

async function phaseCalls(
  target: Target,
  workers: Worker[],
  pairs: [BenchUser, BenchUser][],
  rate = 0,
): Promise<CallResult> {
  const slices: { caller: WorkerUser; callee: WorkerUser }[][] = workers.map(() => []);
  pairs.forEach(([caller, callee], i) => {
    // With several nodes, caller and callee sit on different nodes: every call crosses nodes.
    const callerUrl = target.urls[i % target.urls.length] as string;
    const calleeUrl = target.urls[(i + (opts['same-node'] ? 0 : 1)) % target.urls.length] as string;
    slices[i % workers.length]?.push({
      caller: { id: caller.id, token: caller.token, deviceId: `bench-caller-${i}`, url: callerUrl },
      callee: { id: callee.id, token: callee.token, deviceId: `bench-callee-${i}`, url: calleeUrl },
    });
  });
  // Server CPU is measured from the moment every worker's loop started (pair sockets connected).
  const serverCpu = () => target.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const servicesCpu = () =>
    (target.servicePids?.() ?? []).reduce((sum, pid) => sum + cpuSecondsOf(pid, true), 0);
  let cpuBase = serverCpu();
  let servicesBase = servicesCpu();
  let wall = Date.now();
  let started = 0;
  for (const w of workers) {
    w.onLoopStarted = () => {
      if (++started < workers.length) return;
      cpuBase = serverCpu();
      servicesBase = servicesCpu();
      wall = Date.now();
    };
  }
  const replies = await Promise.all(
    workers.map((w) =>
      w.request({
        type: 'calls',
        pairs: slices[w.index] ?? [],
        durationMs: durationS * 1000,
        maxCalls: Math.ceil(num('max-calls') / workers.length),
        candidates: num('candidates'),
        earlyCandidates: num('early-candidates'),
        sdpBytes: num('sdp-bytes'),
        localAddress: localAddress(w.index),
        intervalMs: rate > 0 ? (1000 * pairs.length) / rate : 0,
      }),
    ),
  );
  const wallS = (Date.now() - wall) / 1000;
  const serverCpuS = serverCpu() - cpuBase;
  const servicesCpuS = servicesCpu() - servicesBase;
  let completed = 0;
  let failed = 0;
  let workerCpuMs = 0;
  let elapsedMs = 0;
  let connectMs = 0;
  const errors: Record<string, number> = {};
  const invite: number[] = [];
  const relay: number[] = [];
  const setup: number[] = [];
  for (const reply of replies) {
    if (reply.type !== 'calls-done') continue;
    completed += reply.completed;
    failed += reply.failed;
    workerCpuMs += reply.cpuMs;
    elapsedMs = Math.max(elapsedMs, reply.elapsedMs);
    connectMs = Math.max(connectMs, reply.connectMs);
    for (const [k, v] of Object.entries(reply.errors)) errors[k] = (errors[k] ?? 0) + v;
    for (const v of reply.inviteToIncoming) invite.push(v);
    for (const v of reply.signalRelay) relay.push(v);
    for (const v of reply.setup) setup.push(v);
  }
  for (const list of [invite, relay, setup]) list.sort((a, b) => a - b);
  return {
    rate,
    pairs: pairs.length,
    completed,
    failed,
    errors,
    setupsPerSecond: completed / (elapsedMs / 1000),
    inviteP50: percentile(invite, 50),
    inviteP99: percentile(invite, 99),
    relayP50: percentile(relay, 50),
    relayP99: percentile(relay, 99),
    setupP50: percentile(setup, 50),
    setupP99: percentile(setup, 99),
    signals: relay.length,
    serverCpuPercent: (100 * serverCpuS) / wallS,
    serverCpuMsPerCall: completed > 0 ? (1000 * serverCpuS) / completed : NaN,
    ...(target.servicePids
      ? { servicesCpuMsPerCall: completed > 0 ? (1000 * servicesCpuS) / completed : NaN }
      : {}),
    workerCpuPercent: workerCpuMs / 10 / (elapsedMs / 1000),
    loadAvg: loadavg()[0] ?? 0,
    connectMs,
  };
}

// ---------- users ----------

async function createUsers(baseUrl: string, prefix: string, count: number): Promise<BenchUser[]> {
  const started = Date.now();
  const users = await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    16,
    (i) => register(baseUrl, `${prefix}${i}`.slice(0, 32), 'bench-password-1'),
  );
  log(`registered ${count} users in ${Date.now() - started} ms`);
  return users;
}

// ---------- main ----------

interface TargetResult {
  target: string;
  nodes: number;
  connections?: ConnectionResult;
  calls?: CallResult;
  paced?: CallResult;
}

/** Starts a target; services it starts are pushed to `services` (the caller stops them). */
async function createTarget(name: string, services: Service[]): Promise<Target> {
  if (name === 'bare') {
    const node = await startNode(join(root, 'bench', 'bare-relay.ts'), {});
    return {
      name,
      nodes: [node],
      urls: [node.url],
      pids: [node.pid],
      kind: 'bare',
      stop: async () => void (await node.stop()),
    };
  } else if (name === 'ringside' && opts.url) {
    const urls = opts.url.split(',').map((u) => u.trim().replace(/\/$/, ''));
    return { name, nodes: [], urls, pids: [], kind: 'ringside', stop: async () => undefined };
  } else if (name === 'ringside') {
    return startRingside(name, 1, {});
  } else if (name === 'tuned') {
    return startRingside(name, 1, {}, opts.whatif ?? 'stmt-cache,sync-normal');
  } else if (name === 'postgres') {
    const pg = await startPostgres();
    services.push(pg);
    const target = await startRingside(name, 1, { DATABASE_URL: pg.url });
    return { ...target, servicePids: () => servicePids(services) };
  } else if (name === 'scaleout') {
    // One after the other: a failed start leaves nothing running (the caller stops `services`).
    const pg = await startPostgres();
    services.push(pg);
    const redis = await startRedis();
    services.push(redis);
    const target = await startRingside(name, num('nodes'), { DATABASE_URL: pg.url, REDIS_URL: redis.url });
    return { ...target, servicePids: () => servicePids(services) };
  } else {
    throw new Error(`unknown target ${name}`);
  }
}

async function runTarget(name: string, workers: Worker[]): Promise<TargetResult> {
  const services: Service[] = [];
  let target: Target;
  try {
    target = await createTarget(name, services);
  } catch (error) {
    await Promise.all(services.map((s) => s.stop()));
    throw error;
  }
  log(`${name}: ${target.urls.join(', ')} (pids ${target.pids.join(', ') || 'external'})`);
  const result: TargetResult = { target: name, nodes: target.urls.length };
  try {
    const base = target.urls[0] as string;
    const tag = `${name.slice(0, 3)}${Date.now().toString(36).slice(-5)}`;
    if (maxSockets > 0) {
      const users = await createUsers(base, `c${tag}_`, Math.min(connUsers, maxSockets));
      result.connections = await phaseConnections(target, workers, users);
      log(`${name} connections: ${JSON.stringify(result.connections)}`);
    }
    if (pairCount > 0) {
      const users = await createUsers(base, `p${tag}_`, pairCount * 2);
      const pairs: [BenchUser, BenchUser][] = [];
      for (let i = 0; i < pairCount; i++)
        pairs.push([users[2 * i] as BenchUser, users[2 * i + 1] as BenchUser]);
      if (target.kind === 'ringside') {
        const started = Date.now();
        await mapLimit(pairs, 16, ([a, b]) => befriend(base, a, b));
        log(`befriended ${pairs.length} pairs in ${Date.now() - started} ms`);
      }
      result.calls = await phaseCalls(target, workers, pairs);
      log(`${name} calls: ${JSON.stringify(result.calls)}`);
      if (num('rate') > 0) {
        result.paced = await phaseCalls(target, workers, pairs, num('rate'));
        log(`${name} paced calls: ${JSON.stringify(result.paced)}`);
      }
    }
  } finally {
    await target.stop();
    await Promise.all(services.map((s) => s.stop()));
  }
  return result;
}

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);

function table(results: TargetResult[]): string {
  // Each row is compared with the bare relay of its own round.
  const bareOf = (target: string) => results.find((r) => r.target === target.replace(/^[a-z-]+/, 'bare'));
  const lines = [
    '| target | nodes | sockets held | RSS/socket | call set-ups/s | vs bare | invite->incoming p50 / p99 ms | signal relay p50 / p99 ms | server CPU | CPU ms/set-up (→ set-ups/s per core) | failed calls | load avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const rows = results.flatMap((r) => [
    { ...r, label: r.target },
    ...(r.paced
      ? [{ ...r, label: `${r.target} @ ${r.paced.rate}/s`, connections: undefined, calls: r.paced }]
      : []),
  ]);
  for (const r of rows) {
    const c = r.connections;
    const k = r.calls;
    const bare = bareOf(r.target);
    const ratio =
      bare?.calls && k && k.rate === 0
        ? `${((100 * k.setupsPerSecond) / bare.calls.setupsPerSecond).toFixed(0)}%`
        : '-';
    lines.push(
      `| ${r.label} | ${r.nodes} | ${c ? `${c.connected} (${c.limit})` : '-'} | ${c ? `${(c.bytesPerSocket / 1024).toFixed(1)} KiB` : '-'} | ` +
        `${fmt(k?.setupsPerSecond)} | ${ratio} | ${fmt(k?.inviteP50, 2)} / ${fmt(k?.inviteP99, 2)} | ` +
        `${fmt(k?.relayP50, 2)} / ${fmt(k?.relayP99, 2)} | ${k ? `${k.serverCpuPercent.toFixed(0)}%` : '-'} | ${k ? `${fmt(k.serverCpuMsPerCall, 2)} (${fmt(1000 / k.serverCpuMsPerCall, 0)})${k.servicesCpuMsPerCall !== undefined ? ` + ${fmt(k.servicesCpuMsPerCall, 2)} PG/Redis` : ''}` : '-'} | ${k ? k.failed : '-'} | ${fmt(k?.loadAvg ?? c?.loadAvg)} |`,
    );
  }
  return lines.join('\n');
}

/** The commit under test, and whether server/ or protocol/ differ from it (the tree is shared and busy). */
function serverRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'protocol'], {
      cwd: root,
      encoding: 'utf8',
    });
    return dirty.trim() ? `${head}+uncommitted server/protocol changes` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const revision = serverRevision();
  log(`server revision: ${revision}`);
  log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; ` +
      `workers ${workerCount}, max sockets ${maxSockets}, pairs ${pairCount}, ${durationS} s`,
  );
  const workers = startWorkers(workerCount);
  const results: TargetResult[] = [];
  try {
    const names = (opts.targets ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const rounds = num('rounds');
    for (let round = 1; round <= rounds; round++) {
      for (const name of names) {
        const result = await runTarget(name, workers);
        results.push(rounds > 1 ? { ...result, target: `${name} #${round}` } : result);
      }
    }
  } finally {
    for (const w of workers) w.child.send({ type: 'exit' } satisfies WorkerCommand);
  }
  const md = table(results);
  console.info(`\n${md}\n`);
  const file = join(resultsDir, `server-load-${runId}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        runId,
        revision,
        options: opts,
        machine: { cores: cpus().length, memGiB: totalmem() / 2 ** 30, node: process.version },
        results,
      },
      null,
      2,
    ),
  );
  log(`results: ${file}`);
}

await main();
