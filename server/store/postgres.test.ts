import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, startPostgres, type Service } from '../../scripts/services/index.js';
import { api, befriend, register } from '../../testing/api-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { TestClient, fakeSdp } from '../../testing/socket-client.js';

// The same queries on PostgreSQL: the store must not depend on SQLite. Skipped without PostgreSQL,
// except with CI=true, where startPostgres() then fails loudly instead.
describe.skipIf(!serviceAvailable('postgres') && process.env.CI !== 'true')('on PostgreSQL', () => {
  let pg: Service;
  let ts: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
    ts = await startTestServer({ DATABASE_URL: pg.url, RECONNECT_GRACE_S: '5' });
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await ts?.cleanup();
    await pg?.stop();
  });

  it('runs accounts, contacts, a contested accept, history and a restart resume', async () => {
    const alice = await register(ts.url, 'alice');
    const bob = await register(ts.url, 'bob');
    await befriend(ts.url, alice, bob);
    const a = await TestClient.connect(ts.url, alice);
    const b1 = await TestClient.connect(ts.url, bob);
    const b2 = await TestClient.connect(ts.url, bob);
    clients.push(a, b1, b2);
    expect((await api(ts.url, 'GET', '/api/contacts', { token: alice.token })).body.contacts).toEqual([
      { ...bob.user, presence: 'online' },
    ]);

    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    const callId = invite.ok ? (invite.callId as string) : '';
    await a.request('call:signal', { callId, candidate: { candidate: 'held' } });
    await b1.next('call:incoming');
    await b2.next('call:incoming');
    const results = await Promise.all([
      b1.request('call:accept', { callId, sdp: fakeSdp('1') }),
      b2.request('call:accept', { callId, sdp: fakeSdp('2') }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const winner = results[0]!.ok ? b1 : b2;
    expect(await winner.next('call:signal')).toEqual({ callId, candidate: { candidate: 'held' } });

    await ts.close();
    const restarted = await startTestServer(ts.env, ts.dir);
    ts = restarted;
    const a2 = await TestClient.connect(ts.url, alice, a.deviceId);
    const w2 = await TestClient.connect(ts.url, bob, winner.deviceId);
    clients.push(a2, w2);
    expect(w2.session.calls).toEqual([expect.objectContaining({ callId, state: 'active' })]);
    expect(await a2.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await w2.next('call:ended')).toEqual({ callId, reason: 'hangup' });
    const history = await api(ts.url, 'GET', '/api/calls', { token: bob.token });
    expect(history.body.calls).toEqual([
      expect.objectContaining({ id: callId, status: 'answered', endReason: 'hangup' }),
    ]);
    expect((await api(ts.url, 'GET', '/healthz')).status).toBe(200);
  });
});
