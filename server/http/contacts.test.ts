import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, register } from '../../testing/api-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { TestClient } from '../../testing/socket-client.js';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.cleanup();
});

describe('contacts with mutual consent', () => {
  it('request, accept by adding back, list with presence, remove', async () => {
    const alice = await register(ts.url, 'alice', 'Alice');
    const bob = await register(ts.url, 'bob', 'Bob');
    const a = await TestClient.connect(ts.url, alice);
    const b = await TestClient.connect(ts.url, bob);
    const add = (from: typeof alice, username: string) =>
      api(ts.url, 'POST', '/api/contacts', { token: from.token, body: { username } });
    const list = async (who: typeof alice) =>
      (await api(ts.url, 'GET', '/api/contacts', { token: who.token })).body;

    expect(await add(alice, bob.user.username.toUpperCase())).toEqual({
      status: 201,
      body: { request: bob.user },
    });
    await b.next('contacts:changed');
    await a.next('contacts:changed');
    // Asking twice is harmless.
    expect((await add(alice, bob.user.username)).status).toBe(201);
    expect(await list(alice)).toEqual({ contacts: [], incoming: [], outgoing: [bob.user], blocked: [] });
    expect(await list(bob)).toEqual({ contacts: [], incoming: [alice.user], outgoing: [], blocked: [] });
    // Not yet mutual: no presence, no calls.
    expect(a.all('presence')).toHaveLength(0);
    expect(await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: 'v=0' })).toMatchObject({
      error: { code: 'not_contact' },
    });

    expect(await add(bob, alice.user.username)).toEqual({
      status: 200,
      body: { contact: { ...alice.user, presence: 'online' } },
    });
    await a.next('presence', (event) => event.userId === bob.user.id && event.presence === 'online');
    expect(await list(alice)).toEqual({
      contacts: [{ ...bob.user, presence: 'online' }],
      incoming: [],
      outgoing: [],
      blocked: [],
    });
    expect(await add(alice, bob.user.username)).toMatchObject({
      status: 409,
      body: { error: { code: 'already_contact' } },
    });

    expect((await api(ts.url, 'DELETE', `/api/contacts/${bob.user.id}`, { token: alice.token })).status).toBe(
      204,
    );
    expect(await list(bob)).toEqual({ contacts: [], incoming: [], outgoing: [], blocked: [] });
    expect((await api(ts.url, 'DELETE', `/api/contacts/${bob.user.id}`, { token: alice.token })).status).toBe(
      404,
    );
    a.close();
    b.close();
  });

  it('declines an incoming request and withdraws an outgoing one', async () => {
    const alice = await register(ts.url, 'alice');
    const bob = await register(ts.url, 'bob');
    await api(ts.url, 'POST', '/api/contacts', { token: alice.token, body: { username: bob.user.username } });
    expect((await api(ts.url, 'DELETE', `/api/contacts/${alice.user.id}`, { token: bob.token })).status).toBe(
      204,
    );
    expect((await api(ts.url, 'GET', '/api/contacts', { token: alice.token })).body.outgoing).toEqual([]);
    // The one who declined may still ask; withdrawing is not a decline.
    await api(ts.url, 'POST', '/api/contacts', { token: bob.token, body: { username: alice.user.username } });
    expect((await api(ts.url, 'DELETE', `/api/contacts/${alice.user.id}`, { token: bob.token })).status).toBe(
      204,
    );
    expect((await api(ts.url, 'GET', '/api/contacts', { token: alice.token })).body.incoming).toEqual([]);
  });

  it('rejects unknown users, yourself and bad bodies', async () => {
    const alice = await register(ts.url, 'alice');
    const post = (body: unknown) => api(ts.url, 'POST', '/api/contacts', { token: alice.token, body });
    expect(await post({ username: 'nobody_at_all' })).toMatchObject({
      status: 404,
      body: { error: { code: 'user_not_found' } },
    });
    expect(await post({ username: alice.user.username })).toMatchObject({
      status: 404,
      body: { error: { code: 'user_not_found' } },
    });
    expect(await post({ username: 7 })).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect(await post({})).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect((await api(ts.url, 'DELETE', '/api/contacts/unknown', { token: alice.token })).status).toBe(404);
  });
});
