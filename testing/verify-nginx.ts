/**
 * Checks the nginx example of docs/scale-out.md for real (not a test: it needs nginx and the fixed
 * ports of the example, 3001, 3002 and 8080 on 127.0.0.1):
 *
 *   npx tsx testing/verify-nginx.ts
 *
 * Two nodes on a throwaway PostgreSQL + Redis behind nginx running the documented config verbatim;
 * socket.io-clients through nginx: spread over both nodes, a call across them, then the node of
 * one party is SIGKILLed and that party reconnects through nginx and resumes the call.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, startRedis } from '../scripts/services/index.js';
import { TestClient, fakeSdp, sleep } from './socket-client.js';
import { api, befriend, register } from './api-client.js';
import { spawnNode } from './server-process.js';

const docPath = new URL('../docs/scale-out.md', import.meta.url);
const balancer = 'http://127.0.0.1:8080';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`FAILED: ${what}`);
  console.info(`ok - ${what}`);
}

/** The documented nginx config (between the verified-nginx-config markers), inside a minimal nginx.conf. */
function writeNginxConfig(dir: string): string {
  const doc = readFileSync(docPath, 'utf8');
  const block = /<!-- verified-nginx-config:start -->\s*```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('no verified-nginx-config block in docs/scale-out.md');
  writeFileSync(join(dir, 'ringside.conf'), block);
  const main = join(dir, 'nginx.conf');
  writeFileSync(
    main,
    `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${dir}/ringside.conf;
}
`,
  );
  return main;
}

async function socketsOn(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  return Number(/^ringside_connected_sockets (\d+)/m.exec(metrics)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-nginx-'));
  const postgres = await startPostgres();
  const redis = await startRedis().catch(async (error: unknown) => {
    await postgres.stop();
    throw error;
  });
  const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, TRUST_PROXY_HOPS: '1' };
  const nodes = await Promise.all(['3001', '3002'].map((PORT) => spawnNode({ ...env, PORT })));
  const nginx = spawn('nginx', ['-p', dir, '-c', writeNginxConfig(dir)], { stdio: 'inherit' });
  const clients: TestClient[] = [];
  try {
    await sleep(500);
    check((await api(balancer, 'GET', '/healthz')).status === 200, 'GET /healthz through nginx');
    const alice = await register(balancer, 'alice');
    const bob = await register(balancer, 'bob');
    await befriend(balancer, alice, bob);
    const a = await TestClient.connect(balancer, alice);
    const aliceNode = (await Promise.all(nodes.map((node) => socketsOn(node.url)))).indexOf(1);
    const b = await TestClient.connect(balancer, bob);
    clients.push(a, b);
    const spread = await Promise.all(nodes.map((node) => socketsOn(node.url)));
    check(spread[0] === 1 && spread[1] === 1, `one socket per node through nginx (${spread.join(', ')})`);

    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    const callId = invite.ok ? (invite.callId as string) : '';
    await b.next('call:incoming');
    check((await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).ok, 'accept across nodes');
    await a.next('call:accepted');
    await a.request('call:signal', { callId, candidate: { candidate: 'from-alice' } });
    check((await b.next('call:signal')).candidate?.candidate === 'from-alice', 'candidate alice -> bob');
    await b.request('call:signal', { callId, candidate: { candidate: 'from-bob' } });
    check((await a.next('call:signal')).candidate?.candidate === 'from-bob', 'candidate bob -> alice');

    await nodes[aliceNode]!.kill('SIGKILL');
    const resumed = await TestClient.connect(balancer, alice, a.deviceId);
    clients.push(resumed);
    check(
      resumed.session.calls.some((call) => call.callId === callId && call.state === 'active'),
      `after SIGKILL of alice's node, her reconnect through nginx resumes the call`,
    );
    await resumed.request('call:signal', { callId, candidate: { candidate: 'after-kill' } });
    check((await b.next('call:signal')).candidate?.candidate === 'after-kill', 'the resumed call relays');
    await b.request('call:hangup', { callId });
    check((await resumed.next('call:ended')).reason === 'hangup', 'the hangup reaches the resumed device');
    const history = await api(balancer, 'GET', '/api/calls', { token: alice.token });
    check(history.body.calls[0]?.status === 'answered', 'history: answered');
    console.info('nginx example verified');
  } finally {
    for (const client of clients) client.close();
    nginx.kill('SIGQUIT');
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
    await Promise.all([postgres.stop(), redis.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
