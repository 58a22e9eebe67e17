import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, startPostgres, type Service } from '../../scripts/services/index.js';
import {
  api,
  befriend,
  contactsOf,
  isLiveToken,
  loginAccount,
  register,
  type Account,
} from '../../testing/api-client.js';
import { TestClient, connectError, fakeSdp } from '../../testing/socket-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

const PASSWORD = 'correct horse';

/** The account tests, on whichever database `start` gives the server. */
function accountSuite(start: () => Promise<{ ts: TestServer; stop?: () => Promise<void> }>) {
  let ts: TestServer;
  let stop: (() => Promise<void>) | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    ({ ts, stop } = await start());
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await ts?.cleanup();
    await stop?.();
  });
  const connect = async (account: Account) => {
    const client = await TestClient.connect(ts.url, account);
    clients.push(client);
    return client;
  };
  const login = (account: Account, deviceName?: string) =>
    api(ts.url, 'POST', '/api/auth/login', {
      body: { username: account.user.username, password: PASSWORD, ...(deviceName ? { deviceName } : {}) },
      headers: {
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36',
      },
    }).then((response) => ({ ...account, token: response.body.token as string }));
  const sessionsOf = async (account: Account) =>
    (await api(ts.url, 'GET', '/api/me/sessions', { token: account.token })).body.sessions;

  it('lists signed-in devices with a label, and signs one out (token revoked, its sockets told and closed)', async () => {
    const alice = await register(ts.url, 'alice');
    const laptop = await login(alice, 'Work laptop');
    const phone = await login(alice);
    const sessions = await sessionsOf(laptop);
    expect(sessions).toHaveLength(3);
    expect(sessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: 'Work laptop', current: true }),
        expect.objectContaining({ label: 'Chrome on Linux', current: false }),
      ]),
    );
    expect(sessions.filter((session: { current: boolean }) => session.current)).toHaveLength(1);
    expect(JSON.stringify(sessions)).not.toContain(phone.token);

    const phoneSocket = await connect(phone);
    const laptopSocket = await connect(laptop);
    const phoneId = sessions.find((session: { label: string }) => session.label === 'Chrome on Linux').id;
    const gone = phoneSocket.disconnected();
    expect((await api(ts.url, 'DELETE', `/api/me/sessions/${phoneId}`, { token: laptop.token })).status).toBe(
      204,
    );
    expect(await phoneSocket.next('session:revoked')).toEqual({ reason: 'signed_out' });
    expect(await gone).toBe('io server disconnect');
    expect(await isLiveToken(ts.url, phone.token)).toBe(false);
    expect(await connectError(ts.url, { token: phone.token, deviceId: phoneSocket.deviceId })).toBe(
      'unauthorized',
    );
    expect(laptopSocket.socket.connected).toBe(true);
    expect(await sessionsOf(laptop)).toHaveLength(2);
    // Another user's session id, a revoked one, or junk: all the same 404.
    const bob = await register(ts.url, 'bob');
    for (const id of [phoneId, (await sessionsOf(bob))[0].id, 'x'.repeat(65)])
      expect(
        (await api(ts.url, 'DELETE', `/api/me/sessions/${id}`, { token: laptop.token })).body,
      ).toMatchObject({
        error: { code: 'not_found' },
      });
    expect(await isLiveToken(ts.url, bob.token)).toBe(true);
  });

  it('changes the password only with the current one, and signs every other device out', async () => {
    const alice = await register(ts.url, 'alice');
    const other = await login(alice);
    const otherSocket = await connect(other);
    const here = await connect(alice);
    const change = (currentPassword: string, newPassword: string) =>
      api(ts.url, 'PUT', '/api/me/password', { token: alice.token, body: { currentPassword, newPassword } });

    expect(await change('not the password', 'a new password')).toMatchObject({
      status: 403,
      body: { error: { code: 'wrong_password' } },
    });
    expect((await change(PASSWORD, 'short')).body.error.code).toBe('invalid');
    expect(await isLiveToken(ts.url, other.token)).toBe(true);

    const gone = otherSocket.disconnected();
    expect((await change(PASSWORD, 'a new password')).status).toBe(204);
    expect(await otherSocket.next('session:revoked')).toEqual({ reason: 'password_changed' });
    expect(await gone).toBe('io server disconnect');
    expect(await isLiveToken(ts.url, other.token)).toBe(false);
    expect(await isLiveToken(ts.url, alice.token)).toBe(true);
    expect(here.socket.connected).toBe(true);
    expect(
      (
        await api(ts.url, 'POST', '/api/auth/login', {
          body: { username: alice.user.username, password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    await loginAccount(ts.url, alice.user.username, 'a new password');
  });

  it('limits wrong current passwords per user', async () => {
    const alice = await register(ts.url, 'alice');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++)
      statuses.push(
        (
          await api(ts.url, 'PUT', '/api/me/password', {
            token: alice.token,
            body: { currentPassword: `guess ${attempt}`, newPassword: 'whatever123' },
          })
        ).status,
      );
    expect(statuses).toEqual([403, 403, 403, 429]);
  });

  it('deletes an account: the call in progress ends, contacts go, the peer keeps a tombstone in history', async () => {
    const alice = await register(ts.url, 'alice');
    const bob = await register(ts.url, 'bob');
    const carol = await register(ts.url, 'carol');
    await befriend(ts.url, alice, bob);
    await api(ts.url, 'POST', '/api/contacts', {
      token: alice.token,
      body: { username: carol.user.username },
    });
    await api(ts.url, 'POST', `/api/contacts/${carol.user.id}/block`, { token: bob.token });
    const a = await connect(alice);
    const b = await connect(bob);
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    const callId = invite.ok ? (invite.callId as string) : '';
    await b.next('call:incoming');
    expect(await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });

    expect(
      (await api(ts.url, 'DELETE', '/api/me', { token: alice.token, body: { password: 'wrong one!' } })).body
        .error.code,
    ).toBe('wrong_password');
    const gone = a.disconnected();
    expect(
      (await api(ts.url, 'DELETE', '/api/me', { token: alice.token, body: { password: PASSWORD } })).status,
    ).toBe(204);
    expect(await b.next('call:ended')).toEqual({ callId, reason: 'hangup' });
    expect(await a.next('session:revoked')).toEqual({ reason: 'account_deleted' });
    await gone;
    await b.next('contacts:changed');

    expect(await isLiveToken(ts.url, alice.token)).toBe(false);
    expect((await contactsOf(ts.url, bob.token)).contacts).toEqual([]);
    expect((await contactsOf(ts.url, carol.token)).incoming).toEqual([]);
    const history = (await api(ts.url, 'GET', '/api/calls', { token: bob.token })).body.calls;
    expect(history).toEqual([
      expect.objectContaining({
        id: callId,
        status: 'answered',
        peer: { id: alice.user.id, username: '', displayName: 'Deleted user' },
      }),
    ]);
    // The username is free at once, for a new account with a new id (the tombstone stays apart).
    expect(
      (
        await api(ts.url, 'POST', '/api/auth/login', {
          body: { username: alice.user.username, password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    const reborn = await api(ts.url, 'POST', '/api/auth/register', {
      body: { username: alice.user.username, password: PASSWORD },
    });
    expect(reborn.status).toBe(201);
    expect(reborn.body.user.id).not.toBe(alice.user.id);
    expect(
      (
        await api(ts.url, 'POST', '/api/contacts', {
          token: bob.token,
          body: { username: alice.user.username },
        })
      ).status,
    ).toBe(201);
    expect(await connectError(ts.url, { token: alice.token, deviceId: a.deviceId })).toBe('unauthorized');
  });
}

describe('accounts on SQLite', () => {
  accountSuite(async () => ({ ts: await startTestServer({ LOGIN_RATE_MAX: '3' }) }));
});

// The same on PostgreSQL (migration 0005 there too). Skipped without PostgreSQL, except with CI=true.
describe.skipIf(!serviceAvailable('postgres') && process.env.CI !== 'true')('accounts on PostgreSQL', () => {
  accountSuite(async () => {
    const pg: Service = await startPostgres();
    return {
      ts: await startTestServer({ DATABASE_URL: pg.url, LOGIN_RATE_MAX: '3' }),
      stop: () => pg.stop(),
    };
  });
});
