/* eslint-disable @typescript-eslint/no-explicit-any -- ack results are read untyped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthResponseSchema } from '../../protocol/index.js';
import { api, befriend, type Account } from '../../testing/api-client.js';
import { clusterServices, isolatedServices } from '../../testing/cluster-services.js';
import { spawnNode, type NodeProcess } from '../../testing/server-process.js';
import { TestClient, connectError, fakeSdp, newDeviceId } from '../../testing/socket-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

// The finding: every limit lived in each node's memory, so N nodes allowed N times a limit.
// The same attacks run against one node, then spread over two nodes sharing Redis: the counts match.
const limits = {
  LOGIN_RATE_MAX: '4',
  LOGIN_RATE_WINDOW_S: '3600',
  REGISTER_RATE_MAX: '3',
  REGISTER_RATE_WINDOW_S: '3600',
  CONTACT_REQUEST_RATE_MAX: '3',
  INVITE_RATE_MAX: '3',
  INVITE_RATE_WINDOW_S: '3600',
  SIGNAL_RATE_MAX: '5',
  SIGNAL_RATE_WINDOW_S: '3600',
  MAX_SOCKETS_PER_USER: '3',
  // The attacker's address comes from X-Forwarded-For, so each attack has a fresh budget of its own.
  TRUST_PROXY_HOPS: '1',
};

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;
let userCounter = 0;
/** Registers from an address of its own, so set-up never spends an attack's sign-up budget. */
async function newAccount(url: string, prefix: string): Promise<Account> {
  const response = await api(url, 'POST', '/api/auth/register', {
    body: { username: `${prefix}${++userCounter}_${Date.now() % 100000}`, password: 'correct horse' },
    headers: { 'x-forwarded-for': freshIp() },
  });
  return AuthResponseSchema.parse(response.body);
}

/** The attacks of the issue, each spread round-robin over `urls`; each returns what the server answered. */
function attacks(urls: () => string[], clients: TestClient[]) {
  const at = (attempt: number) => urls()[attempt % urls().length]!;
  const connect = async (url: string, account: Account, deviceId?: string) => {
    const client = await TestClient.connect(url, account, deviceId);
    clients.push(client);
    return client;
  };
  const sequence = async <T>(count: number, attempt: (index: number) => Promise<T>) => {
    const results: T[] = [];
    for (let index = 0; index < count; index++) results.push(await attempt(index));
    return results;
  };
  const codeOf = (result: any) => (result.ok ? 'ok' : result.error.code);

  return {
    loginGuesses: async () => {
      const victim = await newAccount(at(0), 'victim');
      const ip = freshIp();
      return sequence(6, async (index) => {
        const response = await api(at(index), 'POST', '/api/auth/login', {
          body: { username: victim.user.username, password: `guess number ${index}` },
          headers: { 'x-forwarded-for': ip },
        });
        return response.status;
      });
    },
    signUps: async () => {
      const ip = freshIp();
      return sequence(5, async (index) => {
        const response = await api(at(index), 'POST', '/api/auth/register', {
          body: { username: `spam${++userCounter}_${Date.now() % 100000}`, password: 'correct horse' },
          headers: { 'x-forwarded-for': ip },
        });
        return response.status;
      });
    },
    contactRequests: async () => {
      const spammer = await newAccount(at(0), 'spammer');
      const strangers = await sequence(5, () => newAccount(at(0), 'stranger'));
      return sequence(5, async (index) => {
        const response = await api(at(index), 'POST', '/api/contacts', {
          token: spammer.token,
          body: { username: strangers[index]!.user.username },
        });
        return response.status;
      });
    },
    invites: async () => {
      const caller = await newAccount(at(0), 'caller');
      const callee = await newAccount(at(0), 'callee');
      await befriend(at(0), caller, callee);
      // One socket of the caller per node; the callee is offline, so each invite ends `unavailable`.
      const sockets = await Promise.all(urls().map((url) => connect(url, caller)));
      return sequence(5, async (index) =>
        codeOf(
          await sockets[index % sockets.length]!.request('call:invite', {
            to: callee.user.id,
            media: 'audio',
            sdp: fakeSdp(),
          }),
        ),
      );
    },
    signals: async () => {
      const caller = await newAccount(at(0), 'caller');
      const callee = await newAccount(at(0), 'callee');
      await befriend(at(0), caller, callee);
      const deviceId = newDeviceId();
      const a = await connect(at(0), caller, deviceId);
      const b = await connect(at(1), callee);
      const invite = await a.request('call:invite', { to: callee.user.id, media: 'audio', sdp: fakeSdp() });
      const callId = invite.ok ? (invite.callId as string) : '';
      await b.next('call:incoming');
      await b.request('call:accept', { callId, sdp: fakeSdp('answer') });
      // The party device again on every node: each of its sockets counts as the party.
      const copies = [a, ...(await Promise.all(urls().map((url) => connect(url, caller, deviceId))))];
      return sequence(8, async (index) =>
        codeOf(
          await copies[index % copies.length]!.request('call:signal', {
            callId,
            candidate: { candidate: `candidate ${index}` },
          }),
        ),
      );
    },
  };
}

const expected = {
  loginGuesses: [401, 401, 401, 401, 429, 429],
  signUps: [201, 201, 201, 429, 429],
  contactRequests: [201, 201, 201, 429, 429],
  invites: ['unavailable', 'unavailable', 'unavailable', 'rate_limited', 'rate_limited'],
  signals: ['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited', 'rate_limited'],
};

describe('limits on one node (RateLimiterMemory)', () => {
  let ts: TestServer;
  const clients: TestClient[] = [];
  const run = attacks(() => [ts.url], clients);
  beforeAll(async () => {
    ts = await startTestServer(limits);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ts.cleanup();
  });

  for (const [name, outcome] of Object.entries(expected))
    it(`${name}: ${outcome.join(', ')}`, async () => {
      expect(await run[name as keyof typeof expected]()).toEqual(outcome);
    });

  it('sockets: the 4th and 5th concurrent socket of a user are refused', async () => {
    // connectError closes each socket once connected, so hold them open here instead.
    const user = await newAccount(ts.url, 'sockets');
    const held = await Promise.all([1, 2, 3].map(() => TestClient.connect(ts.url, user)));
    clients.push(...held);
    expect(await connectError(ts.url, { token: user.token, deviceId: newDeviceId() })).toBe(
      'too_many_sockets',
    );
    held[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    clients.push(await TestClient.connect(ts.url, user));
  });
});

const services = clusterServices();

describe.skipIf(!services)('limits across two nodes sharing Redis (RateLimiterRedis)', () => {
  let nodes: NodeProcess[] = [];
  const clients: TestClient[] = [];
  const run = attacks(() => nodes.map((node) => node.url), clients);
  beforeAll(async () => {
    const { databaseUrl, redisUrl } = await isolatedServices(services!, 'limits');
    const env = { ...limits, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, SWEEP_INTERVAL_S: '0.5' };
    const options = { startTimeoutMs: 120_000, script: services!.serverScript };
    nodes = await Promise.all([spawnNode(env, options), spawnNode(env, options)]);
  }, 150_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
  }, 30_000);

  for (const [name, outcome] of Object.entries(expected))
    it(`${name}, alternating nodes: ${outcome.join(', ')}`, async () => {
      expect(await run[name as keyof typeof expected]()).toEqual(outcome);
    });

  it('sockets: the cap counts sockets on both nodes; a closed one frees its slot, a dead node its slots', async () => {
    const user = await newAccount(nodes[0]!.url, 'sockets');
    const held = [
      await TestClient.connect(nodes[0]!.url, user),
      await TestClient.connect(nodes[1]!.url, user),
      await TestClient.connect(nodes[0]!.url, user),
    ];
    clients.push(...held);
    for (const node of nodes)
      expect(await connectError(node.url, { token: user.token, deviceId: newDeviceId() })).toBe(
        'too_many_sockets',
      );
    held[1]!.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    clients.push(await TestClient.connect(nodes[0]!.url, user));
    expect(await connectError(nodes[1]!.url, { token: user.token, deviceId: newDeviceId() })).toBe(
      'too_many_sockets',
    );
    // A node killed without a goodbye leaves slots behind; the survivor reaps it and recounts.
    await nodes[0]!.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    let outcome = '';
    while (Date.now() < deadline) {
      outcome = await connectError(nodes[1]!.url, { token: user.token, deviceId: newDeviceId() });
      if (outcome === 'connected') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(outcome).toBe('connected');
  }, 30_000);
});
