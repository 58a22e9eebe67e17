import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, befriend, register, type Account } from '../../testing/api-client.js';
import { TestClient, fakeSdp, sleep } from '../../testing/socket-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

let ts: TestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await ts.cleanup();
});
const connect = async (account: Account) => {
  const client = await TestClient.connect(ts.url, account);
  clients.push(client);
  return client;
};
const block = (who: Account, whom: Account) =>
  api(ts.url, 'POST', `/api/contacts/${whom.user.id}/block`, { token: who.token });
const invite = async (from: TestClient, to: Account) =>
  from.request('call:invite', { to: to.user.id, media: 'audio', sdp: fakeSdp() });

describe('blocking a caller', () => {
  it('ends their ringing call with the words of a decline, and later calls never ring', async () => {
    const mallory = await register(ts.url, 'mallory');
    const bob = await register(ts.url, 'bob');
    await befriend(ts.url, mallory, bob);
    const m = await connect(mallory);
    const [b1, b2] = [await connect(bob), await connect(bob)];
    const ringing = await invite(m, bob);
    const callId = ringing.ok ? (ringing.callId as string) : '';
    await Promise.all([b1.next('call:incoming'), b2.next('call:incoming')]);

    expect((await block(bob, mallory)).status).toBe(204);
    // Exactly what Mallory sees when Bob presses Decline: nothing says "blocked".
    expect(await m.next('call:ended')).toEqual({ callId, reason: 'rejected' });
    expect(await b1.next('call:ended')).toEqual({ callId, reason: 'rejected_elsewhere' });
    expect(await b2.next('call:ended')).toEqual({ callId, reason: 'rejected_elsewhere' });

    // A stranger calling Bob gets the same answer as Mallory now does.
    const stranger = await connect(await register(ts.url, 'stranger'));
    const again = await invite(m, bob);
    expect(again).toEqual(await invite(stranger, bob));
    expect(again).toMatchObject({ ok: false, error: { code: 'not_contact' } });
    await sleep(200);
    expect([...b1.all('call:incoming'), ...b2.all('call:incoming')]).toHaveLength(2);
    const history = (await api(ts.url, 'GET', '/api/calls', { token: mallory.token })).body.calls;
    expect(history[0]).toMatchObject({ id: callId, status: 'rejected', endReason: 'rejected' });
  });

  it('ends a call in progress with a plain hangup', async () => {
    const mallory = await register(ts.url, 'mallory');
    const bob = await register(ts.url, 'bob');
    await befriend(ts.url, mallory, bob);
    const m = await connect(mallory);
    const b = await connect(bob);
    const ringing = await invite(m, bob);
    const callId = ringing.ok ? (ringing.callId as string) : '';
    await b.next('call:incoming');
    expect(await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });
    expect((await block(bob, mallory)).status).toBe(204);
    expect(await m.next('call:ended')).toEqual({ callId, reason: 'hangup' });
    expect(await b.next('call:ended')).toEqual({ callId, reason: 'hangup' });
    // Both are free for other calls again.
    const carol = await register(ts.url, 'carol');
    await befriend(ts.url, bob, carol);
    await connect(carol);
    expect(await invite(b, carol)).toMatchObject({ ok: true });
  });

  it('leaves calls with other people alone', async () => {
    const alice = await register(ts.url, 'alice');
    const bob = await register(ts.url, 'bob');
    const mallory = await register(ts.url, 'mallory');
    await befriend(ts.url, alice, bob);
    const a = await connect(alice);
    const b = await connect(bob);
    const ringing = await invite(a, bob);
    await b.next('call:incoming');
    expect((await block(bob, mallory)).status).toBe(204);
    await sleep(200);
    expect(a.all('call:ended')).toEqual([]);
    expect(ringing).toMatchObject({ ok: true });
  });
});
