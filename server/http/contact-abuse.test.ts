import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, befriend, register, type Account } from '../../testing/api-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { TestClient, fakeSdp, sleep } from '../../testing/socket-client.js';

let ts: TestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  ts = await startTestServer({ CONTACT_REQUEST_RATE_MAX: '5', CONTACT_REQUEST_RATE_WINDOW_S: '3600' });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await ts.cleanup();
});

const ask = (url: string, from: Account, to: Account | string) =>
  api(url, 'POST', '/api/contacts', {
    token: from.token,
    body: { username: typeof to === 'string' ? to : to.user.username },
  });
const decline = (url: string, who: Account, from: Account) =>
  api(url, 'DELETE', `/api/contacts/${from.user.id}`, { token: who.token });
const connect = async (account: Account) => {
  const client = await TestClient.connect(ts.url, account);
  clients.push(client);
  return client;
};

describe('contact requests from strangers', () => {
  it('are rate limited per user', async () => {
    const spammer = await register(ts.url, 'spammer', 'Support Team');
    const strangers = await Promise.all(Array.from({ length: 7 }, () => register(ts.url, 'stranger')));
    const statuses: number[] = [];
    for (const stranger of strangers) statuses.push((await ask(ts.url, spammer, stranger)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
  });

  it('cannot be sent again after a decline, until the receiver asks', async () => {
    const mallory = await register(ts.url, 'mallory');
    const bob = await register(ts.url, 'bob');
    expect((await ask(ts.url, mallory, bob)).status).toBe(201);
    expect((await decline(ts.url, bob, mallory)).status).toBe(204);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await ask(ts.url, mallory, bob)).toMatchObject({
        status: 429,
        body: { error: { code: 'rate_limited', message: expect.stringContaining('declined') } },
      });
    }
    expect((await api(ts.url, 'GET', '/api/contacts', { token: bob.token })).body.incoming).toEqual([]);
    // Declined stays declined until the receiver adds you: then it is mutual at once.
    expect((await ask(ts.url, bob, mallory)).status).toBe(201);
    expect((await ask(ts.url, mallory, bob)).status).toBe(200);
  });

  it('can be sent again once CONTACT_DECLINE_COOLDOWN_S has passed', async () => {
    const quick = await startTestServer({ CONTACT_DECLINE_COOLDOWN_S: '0.3' });
    try {
      const alice = await register(quick.url, 'alice');
      const bob = await register(quick.url, 'bob');
      await ask(quick.url, alice, bob);
      await decline(quick.url, bob, alice);
      expect((await ask(quick.url, alice, bob)).status).toBe(429);
      await sleep(400);
      expect((await ask(quick.url, alice, bob)).status).toBe(201);
    } finally {
      await quick.cleanup();
    }
  });
});

describe('block', () => {
  it('ends the contact; the blocked user cannot request, ring or see presence, nor tell it from an unknown user', async () => {
    const alice = await register(ts.url, 'alice');
    const mallory = await register(ts.url, 'mallory', 'Alice');
    await befriend(ts.url, alice, mallory);
    const a = await connect(alice);
    const m = await connect(mallory);
    expect(
      (await api(ts.url, 'POST', `/api/contacts/${mallory.user.id}/block`, { token: alice.token })).status,
    ).toBe(204);
    await m.next('contacts:changed');
    const aliceList = (await api(ts.url, 'GET', '/api/contacts', { token: alice.token })).body;
    expect(aliceList).toMatchObject({ contacts: [], blocked: [mallory.user] });
    expect((await api(ts.url, 'GET', '/api/contacts', { token: mallory.token })).body.contacts).toEqual([]);

    const unknown = await ask(ts.url, mallory, 'nobody_by_that_name');
    const blocked = await ask(ts.url, mallory, alice);
    expect(blocked).toEqual(unknown);
    expect(blocked.status).toBe(404);
    expect(
      await m.request('call:invite', { to: alice.user.id, media: 'audio', sdp: fakeSdp() }),
    ).toMatchObject({ ok: false, error: { code: 'not_contact' } });
    expect(a.all('call:incoming')).toHaveLength(0);
    const presenceBefore = m.all('presence').length;
    await api(ts.url, 'PUT', '/api/me/dnd', { token: alice.token, body: { dnd: true } });
    await sleep(200);
    expect(m.all('presence')).toHaveLength(presenceBefore);

    // Unblock: mallory may ask again (a fresh request, not a contact).
    expect(
      (await api(ts.url, 'DELETE', `/api/contacts/${mallory.user.id}/block`, { token: alice.token })).status,
    ).toBe(204);
    expect((await api(ts.url, 'GET', '/api/contacts', { token: alice.token })).body.blocked).toEqual([]);
    expect((await ask(ts.url, mallory, alice)).status).toBe(201);
    expect(
      (await api(ts.url, 'DELETE', `/api/contacts/${mallory.user.id}/block`, { token: alice.token })).status,
    ).toBe(404);
  });

  it('refuses to block yourself or an unknown id', async () => {
    const alice = await register(ts.url, 'alice');
    for (const id of [alice.user.id, 'no-such-user'])
      expect(await api(ts.url, 'POST', `/api/contacts/${id}/block`, { token: alice.token })).toMatchObject({
        status: 404,
        body: { error: { code: 'user_not_found' } },
      });
  });
});
