/**
 * Idle scale of the multi-node tier (issue 13): `npx tsx bench/idle-scale.ts [options]`.
 *
 * Starts PostgreSQL, Redis and --nodes Ringside nodes (scripts/services, server/main.ts), then ramps
 * authenticated, idle sockets (socket.io-client, websocket, handshake {token, deviceId}, counted once
 * `session` arrives) spread round robin over the nodes from --workers load processes
 * (bench/load-worker.ts, each from its own loopback address). Every process has its own
 * file-descriptor limit (raised to the hard limit), so each node holds at most ~that many sockets.
 * Then, with everything idle:
 *   - memory: RSS per socket of each node, (RSS now - RSS before the ramp) / its sockets;
 *   - heartbeat CPU: the nodes' (and PostgreSQL's + Redis's) CPU over --idle seconds of pings
 *     (Engine.IO every 20 s per socket) and node-registry heartbeats;
 *   - presence: --sample pairs of contacts, each member connected to a different node, read back
 *     through GET /api/contacts on a third node (must be `online`), and a contact never connected
 *     (must be `offline`).
 * Prints a Markdown summary and writes JSON to $TMPDIR/ringside-bench/.
 *
 * Options: --sockets 100000 --nodes 5 --workers 6 --users 2000 --step 10000 --sample 25 --idle 30
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import type { WorkerCommand, WorkerReply, WorkerUser } from './load-worker.js';
import {
  befriend,
  cpuSecondsOf,
  fdLimitOf,
  mapLimit,
  processTree,
  register,
  rssOf,
  sleep,
  spawnNode,
  startNode,
  type BenchUser,
  type NodeProcess,
} from './lib.js';
import { startPostgres, startRedis, type Service } from '../scripts/services/index.js';

const { values: opts } = parseArgs({
  options: {
    sockets: { type: 'string', default: '100000' },
    nodes: { type: 'string', default: '5' },
    workers: { type: 'string', default: '6' },
    users: { type: 'string', default: '2000' },
    step: { type: 'string', default: '10000' },
    sample: { type: 'string', default: '25' },
    idle: { type: 'string', default: '30' },
    out: { type: 'string' },
  },
});
const num = (name: keyof typeof opts) => Number(opts[name]);
const root = resolve(import.meta.dirname, '..');
const resultsDir = resolve(opts.out ?? join(tmpdir(), 'ringside-bench'));
const log = (...args: unknown[]) => console.info(`[idle ${new Date().toISOString().slice(11, 19)}]`, ...args);
const revision = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

interface Worker {
  index: number;
  request(command: WorkerCommand): Promise<WorkerReply>;
  exit(): void;
}

function startWorkers(count: number): Worker[] {
  return Array.from({ length: count }, (_, index) => {
    const child = spawnNode(['--import', 'tsx', join(root, 'bench', 'load-worker.ts')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let pending: ((reply: WorkerReply) => void) | undefined;
    child.on('message', (reply: WorkerReply) => {
      if (reply.type === 'loop-started') return;
      const resolveReply = pending;
      pending = undefined;
      resolveReply?.(reply);
    });
    return {
      index,
      request: (command) =>
        new Promise<WorkerReply>((resolveReply) => {
          pending = resolveReply;
          child.send(command);
        }),
      exit: () => child.kill('SIGKILL'),
    };
  });
}

/** PostgreSQL's postmaster and backends, and redis-server. */
function servicePids(postgres: Service, redis: Service): number[] {
  try {
    const data = readFileSync(join(postgres.dir, 'pgdata.path'), 'utf8').trim();
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return [...processTree(postmaster), Number(readFileSync(join(redis.dir, 'redis.pid'), 'utf8').trim())];
  } catch {
    return [];
  }
}

async function contactsPresence(url: string, user: BenchUser): Promise<Map<string, string>> {
  const response = await fetch(`${url}/api/contacts`, { headers: { authorization: `Bearer ${user.token}` } });
  const body = (await response.json()) as { contacts: { id: string; presence: string }[] };
  return new Map(body.contacts.map((contact) => [contact.id, contact.presence]));
}

async function main(): Promise<void> {
  const target = num('sockets');
  const nodeCount = num('nodes');
  const userCount = num('users');
  const devicesPerUser = Math.ceil(target / userCount);
  const sample = num('sample');
  mkdirSync(resultsDir, { recursive: true });
  log(
    `revision ${revision}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${loadavg()[0]?.toFixed(1)}`,
  );

  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const nodes: NodeProcess[] = [];
  const dataDirs: string[] = [];
  const workers = startWorkers(num('workers'));
  try {
    const env = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      SCRYPT_LOG_N: '10',
      REGISTER_RATE_MAX: '1000000',
      LOGIN_RATE_MAX: '1000000',
      CONTACT_REQUEST_RATE_MAX: '1000000',
      MAX_SOCKETS_PER_USER: String(devicesPerUser + 10),
      DATABASE_POOL_SIZE: '10',
      LOG_LEVEL: 'info',
    };
    // The first migrates; the others start together.
    for (const batch of [[0], Array.from({ length: nodeCount - 1 }, (_, i) => i + 1)])
      nodes.push(
        ...(await Promise.all(
          batch.map(() => {
            const dir = mkdtempSync(join(tmpdir(), 'ringside-idle-'));
            dataDirs.push(dir);
            return startNode(join(root, 'server', 'main.ts'), { ...env, DATA_DIR: dir }, [], 180_000);
          }),
        )),
      );
    const urls = nodes.map((node) => node.url);
    const fdLimit = Math.min(...nodes.map((node) => fdLimitOf(node.pid)));
    log(`${nodeCount} nodes up (fd limit ${fdLimit} each): ${urls.join(', ')}`);
    // Each node keeps ~100 descriptors for PostgreSQL, Redis, the listener and stdio.
    const cap = Math.min(target, nodeCount * (fdLimit - 100));
    if (cap < target)
      log(
        `capped at ${cap} sockets: ${nodeCount} nodes x (fd limit ${fdLimit} - 100); --nodes ${Math.ceil(target / (fdLimit - 100))} would hold ${target}`,
      );

    const started = Date.now();
    const users = await mapLimit(
      Array.from({ length: userCount + 2 * sample + 1 }, (_, i) => i),
      16,
      (i) =>
        register(urls[i % urls.length]!, `idle${Date.now().toString(36).slice(-4)}_${i}`, 'bench-password-1'),
    );
    const loadUsers = users.slice(0, userCount);
    const pairs = Array.from(
      { length: sample },
      (_, i) => [users[userCount + 2 * i]!, users[userCount + 2 * i + 1]!] as const,
    );
    const never = users[users.length - 1]!;
    await mapLimit(pairs, 8, ([a, b]) => befriend(urls[0]!, a, b));
    await befriend(urls[0]!, pairs[0]![0], never);
    log(`registered ${users.length} users, befriended ${sample} sample pairs in ${Date.now() - started} ms`);

    const rss = () => nodes.map((node) => rssOf(node.pid));
    const nodeCpu = () => nodes.reduce((sum, node) => sum + cpuSecondsOf(node.pid), 0);
    const servicesCpu = () =>
      servicePids(postgres, redis).reduce((sum, pid) => sum + cpuSecondsOf(pid, true), 0);
    const rssBefore = rss();

    // Sockets round robin over the nodes (socket k on node k % nodes), workers in turn.
    const perNode = new Array<number>(nodeCount).fill(0);
    let connected = 0;
    let failed = 0;
    const errors: Record<string, number> = {};
    const rampStarted = Date.now();
    const rampCpu = nodeCpu();
    for (let next = 0; next < cap;) {
      const count = Math.min(num('step'), cap - next);
      const slices: WorkerUser[][] = workers.map(() => []);
      for (let k = next; k < next + count; k++) {
        const user = loadUsers[k % userCount]!;
        slices[k % workers.length]!.push({
          id: user.id,
          token: user.token,
          deviceId: `idle-dev-${Math.floor(k / userCount)}`,
          url: urls[k % nodeCount]!,
        });
      }
      const stepStarted = Date.now();
      const replies = await Promise.all(
        workers.map((worker) =>
          worker.request({
            type: 'connect',
            users: slices[worker.index]!,
            concurrency: 40,
            timeoutMs: 60_000,
            localAddress: `127.0.0.${10 + worker.index}`,
          }),
        ),
      );
      let stepFailed = 0;
      for (const reply of replies) {
        if (reply.type !== 'connected') continue;
        connected += reply.ok;
        stepFailed += reply.failed;
        for (const [key, value] of Object.entries(reply.errors)) errors[key] = (errors[key] ?? 0) + value;
      }
      for (let k = next; k < next + count; k++) perNode[k % nodeCount]!++;
      failed += stepFailed;
      next += count;
      const mib = rss().reduce((a, b) => a + b, 0) / 2 ** 20;
      log(
        `${connected} sockets (+${count - stepFailed} in ${Date.now() - stepStarted} ms, ${stepFailed} failed), nodes RSS ${mib.toFixed(0)} MiB, load ${loadavg()[0]?.toFixed(1)}`,
      );
      if (stepFailed > count * 0.02) {
        log(`stopping the ramp: ${JSON.stringify(errors)}`);
        break;
      }
    }
    const rampS = (Date.now() - rampStarted) / 1000;
    const rampCpuS = nodeCpu() - rampCpu;

    // The sample: each pair's members on two different nodes, read through a third.
    const sampleUsers: WorkerUser[] = pairs.flatMap(([a, b], i) => [
      { id: a.id, token: a.token, deviceId: 'sample-a', url: urls[i % nodeCount]! },
      { id: b.id, token: b.token, deviceId: 'sample-b', url: urls[(i + 1) % nodeCount]! },
    ]);
    const sampleReply = await workers[0]!.request({
      type: 'connect',
      users: sampleUsers,
      concurrency: 10,
      timeoutMs: 60_000,
      localAddress: '127.0.0.10',
    });
    await sleep(2000);
    let presenceOk = 0;
    const wrong: string[] = [];
    for (const [i, [a, b]] of pairs.entries()) {
      const via = urls[(i + 2) % nodeCount]!;
      const seenByA = (await contactsPresence(via, a)).get(b.id);
      const seenByB = (await contactsPresence(via, b)).get(a.id);
      if (seenByA === 'online' && seenByB === 'online') presenceOk++;
      else wrong.push(`pair ${i}: ${seenByA}/${seenByB}`);
    }
    const neverSeen = (await contactsPresence(urls[1 % nodeCount]!, pairs[0]![0])).get(never.id);
    log(
      `presence: ${presenceOk}/${sample} pairs online both ways (${sampleReply.type === 'connected' ? sampleReply.ok : 0} sample sockets); never-connected contact: ${neverSeen}`,
    );

    // Idle: heartbeats only.
    await sleep(5000);
    const idleS = num('idle');
    const cpu0 = nodeCpu();
    const svc0 = servicesCpu();
    await sleep(idleS * 1000);
    const idleCpuS = nodeCpu() - cpu0;
    const idleServicesS = servicesCpu() - svc0;
    const rssAfter = rss();
    const perSocket = nodes.map((_, i) => (rssAfter[i]! - rssBefore[i]!) / Math.max(1, perNode[i]!));
    const result = {
      revision,
      time: new Date().toISOString(),
      nodes: nodeCount,
      fdLimit,
      target,
      connected,
      failed,
      errors,
      perNode,
      rampSeconds: rampS,
      rampCpuMsPerSocket: (1000 * rampCpuS) / Math.max(1, connected),
      rssMiB: rssAfter.map((bytes) => bytes / 2 ** 20),
      bytesPerSocket: perSocket,
      idleSeconds: idleS,
      idleNodeCpuPercent: (100 * idleCpuS) / idleS,
      idleServicesCpuPercent: (100 * idleServicesS) / idleS,
      idleCpuUsPerSocketSecond: (1e6 * idleCpuS) / idleS / Math.max(1, connected),
      presence: { ok: presenceOk, sample, wrong, neverConnected: neverSeen },
      loadAvg: loadavg(),
    };
    writeFileSync(
      join(resultsDir, `idle-scale-${result.time.replace(/[:.]/g, '-')}.json`),
      JSON.stringify(result, null, 2),
    );
    const kib = (bytes: number) => (bytes / 1024).toFixed(1);
    console.info(
      [
        `| revision | nodes | sockets held / target | failed | ramp s (node CPU ms/socket) | RSS per socket KiB, per node | idle node CPU % (µs per socket-second) | PostgreSQL+Redis idle CPU % | presence sample | load avg 1/5/15 |`,
        `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
        `| \`${revision}\` | ${nodeCount} | ${connected} / ${target} | ${failed} | ${rampS.toFixed(0)} (${result.rampCpuMsPerSocket.toFixed(2)}) | ${perSocket.map(kib).join(', ')} | ${result.idleNodeCpuPercent.toFixed(1)} (${result.idleCpuUsPerSocketSecond.toFixed(2)}) | ${result.idleServicesCpuPercent.toFixed(1)} | ${presenceOk}/${sample} online, never-connected ${neverSeen} | ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' / ')} |`,
      ].join('\n'),
    );
  } finally {
    for (const worker of workers) worker.exit();
    await Promise.all(nodes.map((node) => node.stop()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await Promise.all([postgres.stop(), redis.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
