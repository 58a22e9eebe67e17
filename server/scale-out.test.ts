/* eslint-disable @typescript-eslint/no-explicit-any -- event payloads and JSON bodies are read untyped. */
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterServices, isolatedServices } from '../testing/cluster-services.js';
import { api, befriend, register, type Account } from '../testing/api-client.js';
import { TestClient, connectError, fakeSdp, sleep } from '../testing/socket-client.js';

import { spawnNode, type NodeProcess } from '../testing/server-process.js';

// Three server processes on one PostgreSQL and one Redis, users spread over them. Missing binaries
// skip this file locally; with CI=true it runs and a missing service fails it (scripts/services).
const services = clusterServices();
const nodeOptions = { startTimeoutMs: 120_000, script: services?.serverScript };
const RING_TIMEOUT_S = 3;
const RECONNECT_GRACE_S = 2;
const SWEEP_INTERVAL_S = 0.5;

describe.skipIf(!services)('scale-out: 3 nodes, PostgreSQL, Redis', () => {
  let databaseUrl = '';
  let redisUrl = '';
  let nodes: NodeProcess[] = [];
  let nodeEnv: Record<string, string> = {};
  const clients: TestClient[] = [];
  const url = (node: number) => nodes[node]!.url;

  /** Connects a device of `account` to node `node` (a fresh device, or `deviceId` to resume one). */
  const connect = async (node: number, account: Account, deviceId?: string) => {
    const client = await TestClient.connect(url(node), account, deviceId);
    clients.push(client);
    return client;
  };
  const pair = async (prefixA: string, prefixB: string) => {
    const a = await register(url(0), prefixA);
    const b = await register(url(1), prefixB);
    await befriend(url(2), a, b);
    return [a, b] as const;
  };
  const callIdOf = (result: any): string => {
    if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    return result.callId as string;
  };
  /** `caller` invites `to` (audio), `callee` (a device of `to`) rang and accepted; returns the call id. */
  const activeCall = async (caller: TestClient, callee: TestClient, to: Account) => {
    const callId = callIdOf(
      await caller.request('call:invite', { to: to.user.id, media: 'audio', sdp: fakeSdp() }),
    );
    await callee.next('call:incoming');
    expect(await callee.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });
    await caller.next('call:accepted');
    return callId;
  };
  /** A node of its own for Alice (the tests stop it) and Bob on node 0, each connected. */
  const pairOnNodeToStop = async () => {
    const extra = await spawnNode(nodeEnv, nodeOptions);
    nodes.push(extra);
    const [alice, bob] = await pair('alice', 'bob');
    const a = await TestClient.connect(extra.url, alice);
    clients.push(a);
    const b = await connect(0, bob);
    return { extra, alice, bob, a, b };
  };
  const presenceOf = (account: Account, presence: string) => (event: any) =>
    event.userId === account.user.id && event.presence === presence;
  const endedOf = (client: TestClient, callId: string) =>
    client.all('call:ended').filter((event) => event.callId === callId);
  const historyOf = async (account: Account, node: number) =>
    (await api(url(node), 'GET', '/api/calls', { token: account.token })).body.calls;

  beforeAll(async () => {
    const isolated = await isolatedServices(services!, 'scaleout');
    ({ databaseUrl, redisUrl } = isolated);
    nodeEnv = {
      DATABASE_URL: isolated.databaseUrl,
      REDIS_URL: isolated.redisUrl,
      RING_TIMEOUT_S: String(RING_TIMEOUT_S),
      RECONNECT_GRACE_S: String(RECONNECT_GRACE_S),
      SWEEP_INTERVAL_S: String(SWEEP_INTERVAL_S),
    };
    // All at once on an empty database: the migrator's advisory lock lets one node migrate.
    nodes = await Promise.all([
      spawnNode(nodeEnv, nodeOptions),
      spawnNode(nodeEnv, nodeOptions),
      spawnNode(nodeEnv, nodeOptions),
    ]);
  }, 150_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
    nodes = [];
  }, 30_000);

  it('aggregates presence over devices connected to different nodes', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b1 = await connect(1, bob);
    await a.next('presence', presenceOf(bob, 'online'));
    const b2 = await connect(2, bob);
    b1.close();
    await sleep(300);
    // Bob's device on node 2 keeps him online, whichever node answers.
    for (const node of [0, 1, 2]) {
      const contacts = await api(url(node), 'GET', '/api/contacts', { token: alice.token });
      expect(contacts.body.contacts).toEqual([{ ...bob.user, presence: 'online' }]);
    }
    expect(a.all('presence').filter(presenceOf(bob, 'offline'))).toHaveLength(0);
    b2.close();
    await a.next('presence', presenceOf(bob, 'offline'));
    const contacts = await api(url(1), 'GET', '/api/contacts', { token: alice.token });
    expect(contacts.body.contacts).toEqual([{ ...bob.user, presence: 'offline' }]);
  });

  it('lets the first of two accepts on two nodes win, then relays across nodes', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b1 = await connect(1, bob);
    const b2 = await connect(2, bob);
    const ROUNDS = 6;
    for (let round = 0; round < ROUNDS; round++) {
      const callId = callIdOf(
        await a.request('call:invite', { to: bob.user.id, media: 'video', sdp: fakeSdp() }),
      );
      expect(await a.request('call:signal', { callId, candidate: { candidate: `held-${round}` } })).toEqual({
        ok: true,
      });
      await Promise.all([b1.next('call:incoming'), b2.next('call:incoming')]);
      const results = await Promise.all([
        b1.request('call:accept', { callId, sdp: fakeSdp('answer-1') }),
        b2.request('call:accept', { callId, sdp: fakeSdp('answer-2') }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      const [winner, loser, loserResult] = results[0]!.ok ? [b1, b2, results[1]] : [b2, b1, results[0]];
      expect(loserResult).toMatchObject({ ok: false, error: { code: 'answered_elsewhere' } });
      expect(await loser.next('call:ended', (event) => event.callId === callId)).toEqual({
        callId,
        reason: 'answered_elsewhere',
      });
      const accepted = await a.next('call:accepted');
      expect(accepted).toEqual({ callId, sdp: fakeSdp(winner === b1 ? 'answer-1' : 'answer-2') });
      // Held candidates go to the accepting device only.
      expect(await winner.next('call:signal')).toEqual({
        callId,
        candidate: { candidate: `held-${round}` },
      });
      expect(await winner.request('call:signal', { callId, candidate: { candidate: 'from-bob' } })).toEqual({
        ok: true,
      });
      expect(await a.next('call:signal')).toEqual({ callId, candidate: { candidate: 'from-bob' } });
      await a.request('call:media', { callId, audio: true, video: false });
      expect(await winner.next('call:media')).toEqual({ callId, audio: true, video: false });
      expect(await loser.request('call:signal', { callId, candidate: null })).toMatchObject({
        error: { code: 'not_party' },
      });
      const contacts = await api(url(1), 'GET', '/api/contacts', { token: alice.token });
      expect(contacts.body.contacts).toEqual([{ ...bob.user, presence: 'busy' }]);

      expect(await a.request('call:hangup', { callId })).toEqual({ ok: true });
      expect(await winner.next('call:ended', (event) => event.callId === callId)).toEqual({
        callId,
        reason: 'hangup',
      });
    }
    await sleep(200);
    expect(a.all('call:accepted')).toHaveLength(ROUNDS);
    // One held candidate per round, each to that round's winner only.
    expect(b1.all('call:signal').length + b2.all('call:signal').length).toBe(ROUNDS);
  });

  it('an end on one node stops the relay on every node at once (party cache: calls:forget)', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b = await connect(1, bob);
    for (const hangupBy of ['bob', 'alice'] as const) {
      const callId = callIdOf(
        await a.request('call:invite', { to: bob.user.id, media: 'video', sdp: fakeSdp() }),
      );
      await b.next('call:incoming', (event) => event.callId === callId);
      expect(await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });
      await a.next('call:accepted', (event) => event.callId === callId);
      // Node 1 cached the parties on accept, node 0 on its first relay (one database read).
      for (const round of [1, 2]) {
        const fromA = `${callId}-a-${round}`;
        const fromB = `${callId}-b-${round}`;
        expect(await a.request('call:signal', { callId, candidate: { candidate: fromA } })).toEqual({
          ok: true,
        });
        expect(await b.request('call:signal', { callId, candidate: { candidate: fromB } })).toEqual({
          ok: true,
        });
        await b.next('call:signal', (event) => event.candidate?.candidate === fromA);
        await a.next('call:signal', (event) => event.candidate?.candidate === fromB);
      }
      const [ender, other] = hangupBy === 'bob' ? [b, a] : [a, b];
      expect(await ender.request('call:hangup', { callId })).toEqual({ ok: true });
      // Straight after the ack, through the other node, whose cache had the call.
      expect(await other.request('call:signal', { callId, candidate: { candidate: 'late' } })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await other.request('call:media', { callId, audio: true, video: false })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      await other.next('call:ended', (event) => event.callId === callId);
    }
    await sleep(100);
    for (const client of [a, b])
      expect(client.all('call:signal').filter((event) => event.candidate?.candidate === 'late')).toHaveLength(
        0,
      );
  });

  it('a contact removed through one node hears no more presence from any node', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    await connect(2, bob);
    await a.next('presence', presenceOf(bob, 'online'));
    const heard = () => a.all('presence').filter((event) => event.userId === bob.user.id).length;
    const before = heard();
    // Node 2 has Bob's contact ids cached; the removal goes through node 1.
    expect((await api(url(1), 'DELETE', `/api/contacts/${alice.user.id}`, { token: bob.token })).status).toBe(
      204,
    );
    // Bob's second device on node 2: node 2 broadcasts his presence to his contacts (now none).
    await connect(2, bob);
    await sleep(300);
    expect(heard()).toBe(before);
  });

  it('a dnd change through one node is what every node reports next', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    await connect(2, bob);
    await a.next('presence', presenceOf(bob, 'online'));
    // Node 2 has Bob's dnd flag cached (his connect); the change goes through node 1.
    await api(url(1), 'PUT', '/api/me/dnd', { token: bob.token, body: { dnd: true } });
    await a.next('presence', presenceOf(bob, 'dnd'));
    const contacts = await api(url(2), 'GET', '/api/contacts', { token: alice.token });
    expect(contacts.body.contacts).toEqual([{ ...bob.user, presence: 'dnd' }]);
    // A broadcast from node 2 (Bob's second device connects there) says dnd, not online.
    await connect(2, bob);
    await sleep(300);
    expect(a.all('presence').filter(presenceOf(bob, 'online'))).toHaveLength(1);
  });

  it('asks the nodes when the registry has no entry for a callee (its lists lost), and refuses one nobody serves', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b = await connect(1, bob);
    // Redis lost the node registry's user lists (as after a restart, until each node's next
    // heartbeat): node 1 still has Bob's socket, so the invite from node 0 must ring him.
    const redis = new Redis(redisUrl);
    const lists = new Map<string, string[]>();
    try {
      for (const key of await redis.keys('ringside:node:*:users')) lists.set(key, await redis.smembers(key));
      expect([...lists.values()].flat()).toContain(bob.user.id);
      await redis.del(...lists.keys());
      const callId = callIdOf(
        await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() }),
      );
      await b.next('call:incoming', (event: any) => event.callId === callId);
      expect(await b.request('call:reject', { callId })).toEqual({ ok: true });
    } finally {
      // Put the lists back for the tests after this one (a node re-adds them only when it rejoins).
      for (const [key, users] of lists) if (users.length > 0) await redis.sadd(key, ...users);
      redis.disconnect();
    }
    // Gone from every node for longer than the grace: unavailable, wherever the invite is made.
    b.close();
    await a.next('presence', presenceOf(bob, 'offline'));
    await sleep(RECONNECT_GRACE_S * 1000 + 500);
    expect(await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() })).toMatchObject(
      {
        ok: false,
        error: { code: 'unavailable' },
      },
    );
  });

  it('rings a callee whose device just left another node (users:recent), not unavailable', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b = await connect(1, bob);
    b.drop();
    await sleep(300);
    const callId = callIdOf(
      await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp('away') }),
    );
    const back = await connect(2, bob, b.deviceId);
    expect(back.session.calls).toEqual([
      expect.objectContaining({ callId, direction: 'incoming', state: 'ringing', sdp: fakeSdp('away') }),
    ]);
    expect(await back.request('call:reject', { callId })).toEqual({ ok: true });
  });

  it('ends a ringing call with timeout once, although every node sweeps', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b1 = await connect(1, bob);
    const b2 = await connect(2, bob);
    const callId = callIdOf(
      await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() }),
    );
    const waitMs = (RING_TIMEOUT_S + 3) * 1000;
    for (const client of [a, b1, b2]) {
      expect(await client.next('call:ended', (event) => event.callId === callId, waitMs)).toEqual({
        callId,
        reason: 'timeout',
      });
    }
    // Several sweeps later, still exactly one `call:ended` per device.
    await sleep(SWEEP_INTERVAL_S * 3000);
    for (const client of [a, b1, b2]) expect(endedOf(client, callId)).toHaveLength(1);
    expect(await historyOf(bob, 2)).toEqual([
      expect.objectContaining({ id: callId, status: 'missed', endReason: 'timeout' }),
    ]);
  });

  it('resumes a call on a different node and the old node’s grace timer leaves it alone', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b = await connect(1, bob);
    const callId = await activeCall(a, b, bob);

    b.close(); // node 1 starts the reconnect grace of Bob's device
    await sleep(200);
    const resumed = await connect(2, bob, b.deviceId);
    expect(resumed.session.calls).toEqual([expect.objectContaining({ callId, state: 'active' })]);
    // Past node 1's grace deadline (and several sweeps): the call is still on.
    await sleep((RECONNECT_GRACE_S + 1) * 1000);
    expect(endedOf(a, callId)).toHaveLength(0);
    expect(await a.request('call:signal', { callId, candidate: { candidate: 'after-resume' } })).toEqual({
      ok: true,
    });
    expect(await resumed.next('call:signal')).toEqual({ callId, candidate: { candidate: 'after-resume' } });
    expect(await resumed.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await a.next('call:ended', (event) => event.callId === callId)).toEqual({
      callId,
      reason: 'hangup',
    });
    expect(await historyOf(alice, 1)).toEqual([
      expect.objectContaining({ id: callId, status: 'answered', endReason: 'hangup' }),
    ]);
  });

  it('a device that resumes on another node and drops again gets a full grace from its second drop', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const a = await connect(0, alice);
    const b = await connect(1, bob);
    const callId = await activeCall(a, b, bob);

    const firstDrop = Date.now();
    b.close(); // node 1's grace would end at firstDrop + grace
    const resumed = await connect(2, bob, b.deviceId); // resuming cancels node 1's grace
    await sleep(RECONNECT_GRACE_S * 500 - (Date.now() - firstDrop));
    resumed.close(); // away again: node 2's grace runs from now
    // Back after node 1's old deadline, within the second grace.
    await sleep(RECONNECT_GRACE_S * 1000 + 300 - (Date.now() - firstDrop));
    const back = await connect(0, bob, b.deviceId);
    expect(back.session.calls).toEqual([expect.objectContaining({ callId, state: 'active' })]);
    expect(endedOf(a, callId)).toHaveLength(0);
    expect(await a.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await back.next('call:ended', (event) => event.callId === callId)).toEqual({
      callId,
      reason: 'hangup',
    });
  });

  it('revokes a token on every node at logout', async () => {
    const alice = await register(url(0), 'alice');
    const login = await api(url(1), 'POST', '/api/auth/login', {
      body: { username: alice.user.username, password: 'correct horse' },
    });
    const other: Account = login.body;
    const onNode0 = await connect(0, alice);
    const onNode1 = await connect(1, alice);
    const otherToken = await connect(2, other);
    const gone = [onNode0.disconnected(), onNode1.disconnected()];
    expect((await api(url(2), 'POST', '/api/auth/logout', { token: alice.token })).status).toBe(204);
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const node of [0, 1, 2]) {
      expect(await connectError(url(node), { token: alice.token, deviceId: onNode0.deviceId })).toBe(
        'unauthorized',
      );
      expect((await api(url(node), 'GET', '/api/me', { token: alice.token })).status).toBe(401);
    }
    expect(otherToken.socket.connected).toBe(true);
  });

  it('stops one node with SIGTERM without touching the other nodes’ sockets; its calls resume elsewhere', async () => {
    const { extra, alice, bob, a, b } = await pairOnNodeToStop();
    const bystander = await connect(1, await register(url(1), 'bystander'));
    const callId = await activeCall(a, b, bob);

    const aliceGone = a.disconnected();
    await extra.kill('SIGTERM');
    expect(extra.child.exitCode).toBe(0);
    // A transport close, not a namespace disconnect: the client reconnects on its own.
    expect(await aliceGone).toBe('transport close');
    await sleep(300);
    expect(b.socket.connected).toBe(true);
    expect(bystander.socket.connected).toBe(true);
    const resumed = await connect(1, alice, a.deviceId);
    expect(resumed.session.calls).toEqual([expect.objectContaining({ callId, state: 'active' })]);
    expect(await resumed.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await b.next('call:ended', (event) => event.callId === callId)).toEqual({
      callId,
      reason: 'hangup',
    });
    expect(endedOf(b, callId)).toHaveLength(1);
  }, 60_000); // starts a node: seconds at load

  it('a stopping node finishes the invite it was working on: the callee on another node rings', async () => {
    const { extra, bob, a, b } = await pairOnNodeToStop();
    // Hold the invite between its checks and its INSERT (a table lock), then stop the node under it.
    const lock = new pg.Client({ connectionString: databaseUrl });
    await lock.connect();
    try {
      await lock.query('begin');
      await lock.query('lock table calls in exclusive mode');
      void a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp('stopping') });
      await sleep(300);
      const stopped = extra.kill('SIGTERM');
      await sleep(500);
      await lock.query('commit');
      await stopped;
    } finally {
      await lock.end();
    }
    const incoming = await b.next('call:incoming', (event: any) => event.sdp === fakeSdp('stopping'));
    expect(await b.request('call:reject', { callId: incoming.callId })).toEqual({ ok: true });
  }, 60_000); // starts a node: seconds at load

  it('survives a node killed mid-call: resume elsewhere, peer_lost for devices that never return', async () => {
    const [alice, bob] = await pair('alice', 'bob');
    const [carol, dave] = await pair('carol', 'dave');
    const [gina, hank] = await pair('gina', 'hank');
    const [erin, frank] = await pair('erin', 'frank');
    const [ivy, jack] = await pair('ivy', 'jack');
    // Every first party is on node 2, the one that dies.
    const a = await connect(2, alice);
    const b = await connect(1, bob);
    const c = await connect(2, carol);
    const d = await connect(0, dave);
    const g = await connect(2, gina);
    const h = await connect(1, hank);
    const e = await connect(2, erin);
    const f = await connect(0, frank);
    const j = await connect(0, jack);
    await connect(2, ivy); // online, in no call, never comes back
    await j.next('presence', presenceOf(ivy, 'online'));

    const resumedCall = await activeCall(a, b, bob); // Alice comes back on another node
    const abandonedCall = await activeCall(c, d, dave); // Carol never comes back
    // Ringing calls whose ring timer lived on the dead node.
    const ringing = callIdOf(
      await g.request('call:invite', { to: hank.user.id, media: 'audio', sdp: fakeSdp() }),
    );
    const ringingAbandoned = callIdOf(
      await e.request('call:invite', { to: frank.user.id, media: 'audio', sdp: fakeSdp() }),
    );
    await Promise.all([h.next('call:incoming'), f.next('call:incoming')]);

    await nodes[2]!.kill('SIGKILL');
    const a2 = await connect(0, alice, a.deviceId);
    const g2 = await connect(1, gina, g.deviceId);
    expect(a2.session.calls).toEqual([expect.objectContaining({ callId: resumedCall, state: 'active' })]);
    expect(g2.session.calls).toEqual([
      expect.objectContaining({ callId: ringing, state: 'ringing', direction: 'outgoing' }),
    ]);

    const slackMs = (RECONNECT_GRACE_S + RING_TIMEOUT_S + 3) * 1000;
    // Carol's device is connected nowhere: a surviving node's sweep starts its grace, then peer_lost.
    expect(await d.next('call:ended', (event) => event.callId === abandonedCall, slackMs)).toEqual({
      callId: abandonedCall,
      reason: 'peer_lost',
    });
    // Gina's call rings out although the node that owned its ring timer is gone.
    for (const client of [g2, h]) {
      expect(await client.next('call:ended', (event) => event.callId === ringing, slackMs)).toEqual({
        callId: ringing,
        reason: 'timeout',
      });
    }
    // Erin never returns: her call ends by timeout or by her grace, whichever comes first, once.
    const frankEnded = await f.next('call:ended', (event) => event.callId === ringingAbandoned, slackMs);
    expect(['timeout', 'peer_lost']).toContain(frankEnded.reason);

    // Ivy's node died without a disconnect event: a surviving node notices its missing heartbeat.
    expect(await j.next('presence', presenceOf(ivy, 'offline'), slackMs)).toBeTruthy();

    // Bob kept his call all along, and it still works both ways.
    expect(endedOf(b, resumedCall)).toHaveLength(0);
    expect(await a2.request('call:signal', { callId: resumedCall, candidate: { candidate: 'a' } })).toEqual({
      ok: true,
    });
    expect(await b.next('call:signal')).toEqual({ callId: resumedCall, candidate: { candidate: 'a' } });
    expect(await b.request('call:hangup', { callId: resumedCall })).toEqual({ ok: true });
    expect(await a2.next('call:ended', (event) => event.callId === resumedCall)).toEqual({
      callId: resumedCall,
      reason: 'hangup',
    });

    await sleep(SWEEP_INTERVAL_S * 3000);
    for (const [client, callId] of [
      [d, abandonedCall],
      [h, ringing],
      [g2, ringing],
      [f, ringingAbandoned],
    ] as const)
      expect(endedOf(client, callId)).toHaveLength(1);
    expect(await historyOf(alice, 0)).toEqual([
      expect.objectContaining({ id: resumedCall, status: 'answered', endReason: 'hangup' }),
    ]);
    expect(await historyOf(bob, 1)).toEqual([
      expect.objectContaining({ id: resumedCall, status: 'answered', endReason: 'hangup' }),
    ]);
    expect(await historyOf(dave, 0)).toEqual([
      expect.objectContaining({ id: abandonedCall, status: 'answered', endReason: 'peer_lost' }),
    ]);
    expect(await historyOf(hank, 1)).toEqual([
      expect.objectContaining({ id: ringing, status: 'missed', endReason: 'timeout' }),
    ]);
    expect(await historyOf(frank, 0)).toEqual([expect.objectContaining({ id: ringingAbandoned })]);

    // Nothing is left ringing or active, and no user is still locked into a call.
    const database = new pg.Client({ connectionString: databaseUrl });
    await database.connect();
    try {
      const live = await database.query("select id, state from calls where state in ('ringing', 'active')");
      expect(live.rows).toEqual([]);
      expect((await database.query('select * from call_locks')).rows).toEqual([]);
    } finally {
      await database.end();
    }
  }, 60_000); // a kill, graces and ring timeouts in a row
});
