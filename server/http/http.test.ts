import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../protocol/index.js';
import { api, register } from '../../testing/api-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { TestClient } from '../../testing/socket-client.js';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({
    LOGIN_RATE_MAX: '3',
    LOGIN_RATE_WINDOW_S: '3600',
    REGISTER_RATE_MAX: '1000',
    TURN_URLS: 'turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp',
    TURN_SECRET: 'test-secret',
    TURN_TTL_S: '600',
  });
});
afterAll(async () => {
  await ts.cleanup();
});

describe('accounts', () => {
  it('registers, logs in, reads me, and logs out', async () => {
    const created = await api(ts.url, 'POST', '/api/auth/register', {
      body: { username: '  Zoë_Fan.1 '.replace('ë', 'e'), password: 'long enough', displayName: 'Zoë <b>' },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toEqual({
      id: expect.any(String),
      username: 'zoe_fan.1',
      displayName: 'Zoë <b>',
    });
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const taken = await api(ts.url, 'POST', '/api/auth/register', {
      body: { username: 'ZOE_FAN.1', password: 'whatever1' },
    });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'username_taken' } } });

    const login = await api(ts.url, 'POST', '/api/auth/login', {
      body: { username: 'zoe_fan.1', password: 'long enough' },
    });
    expect(login.status).toBe(200);
    expect(login.body.token).not.toBe(created.body.token);
    const me = await api(ts.url, 'GET', '/api/me', { token: login.body.token });
    expect(me).toEqual({ status: 200, body: { user: created.body.user, dnd: false } });

    expect((await api(ts.url, 'POST', '/api/auth/logout', { token: login.body.token })).status).toBe(204);
    expect((await api(ts.url, 'GET', '/api/me', { token: login.body.token })).status).toBe(401);
    expect((await api(ts.url, 'POST', '/api/auth/logout', { token: login.body.token })).status).toBe(401);
    // The other session is untouched.
    expect((await api(ts.url, 'GET', '/api/me', { token: created.body.token })).status).toBe(200);
  });

  it('rejects wrong credentials and rate limits login attempts per IP and username', async () => {
    const alice = await register(ts.url, 'alice');
    const attempt = (password: string, username = alice.user.username) =>
      api(ts.url, 'POST', '/api/auth/login', { body: { username, password } });
    expect(await attempt('wrong password')).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_credentials' } },
    });
    expect(await attempt('whatever', 'nobody_here')).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_credentials' } },
    });
    await attempt('wrong password');
    await attempt('wrong password');
    expect(await attempt('correct horse')).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited' } },
    });
    // Another username from the same IP is a different bucket.
    const bob = await register(ts.url, 'bob');
    expect((await attempt('correct horse', bob.user.username)).status).toBe(200);
  });

  it('rate limits sign-ups per IP', async () => {
    const limited = await startTestServer({ REGISTER_RATE_MAX: '2' });
    const statuses: number[] = [];
    for (const name of ['one_user', 'two_user', 'three_user']) {
      statuses.push(
        (
          await api(limited.url, 'POST', '/api/auth/register', {
            body: { username: name, password: 'long enough' },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([201, 201, 429]);
    await limited.cleanup();
  });

  it('behind TRUST_PROXY_HOPS proxies, limits per X-Forwarded-For client and ignores forged entries', async () => {
    const proxied = await startTestServer({ REGISTER_RATE_MAX: '1', TRUST_PROXY_HOPS: '1' });
    const signUp = async (name: string, forwardedFor: string) =>
      (
        await api(proxied.url, 'POST', '/api/auth/register', {
          body: { username: name, password: 'long enough' },
          headers: { 'x-forwarded-for': forwardedFor },
        })
      ).status;
    expect(await signUp('first_client', '203.0.113.1')).toBe(201);
    expect(await signUp('second_client', '203.0.113.2')).toBe(201);
    // A client cannot dodge its limit by sending its own X-Forwarded-For: the proxy appends the real one.
    expect(await signUp('forged_client', '198.51.100.9, 203.0.113.1')).toBe(429);
    await proxied.cleanup();
  });

  it('answers invalid for malformed bodies and unauthorized without a token', async () => {
    const cases = [
      { rawBody: '{"username": "abc", ' },
      { rawBody: 'null' },
      { body: { username: 'ab', password: 'long enough' } },
      { body: { username: 'has space', password: 'long enough' } },
      { body: { username: 'fine_name', password: 'short' } },
      { body: { username: 'fine_name', password: 12345678 } },
      { body: { username: 'fine_name', password: 'long enough', displayName: '' } },
      { body: { username: 'fine_name', password: 'long enough', displayName: 'x'.repeat(65) } },
    ];
    for (const options of cases) {
      const result = await api(ts.url, 'POST', '/api/auth/register', options);
      expect(result, JSON.stringify(options)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid' } },
      });
    }
    const huge = await api(ts.url, 'POST', '/api/auth/register', {
      body: { username: 'fine_name', password: 'p'.repeat(limits.maxHttpBodyBytes) },
    });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'invalid' } } });
    for (const path of ['/api/me', '/api/contacts', '/api/calls', '/api/ice-servers']) {
      expect(await api(ts.url, 'GET', path)).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthorized' } },
      });
      expect(await api(ts.url, 'GET', path, { headers: { authorization: 'Bearer nope' } })).toMatchObject({
        status: 401,
      });
    }
    expect(await api(ts.url, 'GET', '/api/nothing-here')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    const alice = await register(ts.url, 'alice');
    expect(
      await api(ts.url, 'PUT', '/api/me/dnd', { token: alice.token, body: { dnd: 'yes' } }),
    ).toMatchObject({ status: 400 });
    expect(await api(ts.url, 'GET', '/api/calls?limit=1000', { token: alice.token })).toMatchObject({
      status: 400,
    });
    expect(await api(ts.url, 'GET', '/api/calls?before=yesterday', { token: alice.token })).toMatchObject({
      status: 400,
    });
    // Still serving.
    expect((await api(ts.url, 'GET', '/healthz')).body).toEqual({ ok: true });
  });
});

describe('ice servers', () => {
  it('returns STUN and coturn use-auth-secret TURN credentials', async () => {
    const { createHmac } = await import('node:crypto');
    const alice = await register(ts.url, 'alice');
    const { status, body } = await api(ts.url, 'GET', '/api/ice-servers', { token: alice.token });
    expect(status).toBe(200);
    expect(body.ttl).toBe(600);
    expect(body.iceServers[0]).toEqual({
      urls: ['stun:stun.l.google.com:19302', 'stun:stun1.l.google.com:19302'],
    });
    const turn = body.iceServers[1];
    expect(turn.urls).toEqual(['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp']);
    const [expiry, userId] = turn.username.split(':');
    expect(userId).toBe(alice.user.id);
    expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(590);
    expect(turn.credential).toBe(createHmac('sha1', 'test-secret').update(turn.username).digest('base64'));
  });
});

describe('operations', () => {
  it('serves CORS to extension origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${ts.url}/api/auth/login`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('chrome-extension://abcdefghijklmnop');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnop');
    const denied = await preflight('https://evil.example');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const socketAllowed = await fetch(`${ts.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'chrome-extension://abcdefghijklmnop' },
    });
    expect(socketAllowed.headers.get('access-control-allow-origin')).toBe(
      'chrome-extension://abcdefghijklmnop',
    );
    const socketDenied = await fetch(`${ts.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(socketDenied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes Prometheus metrics', async () => {
    const alice = await register(ts.url, 'alice');
    const client = await TestClient.connect(ts.url, alice);
    const response = await fetch(`${ts.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/ringside_connected_sockets [1-9]/);
    for (const name of ['ringside_calls', 'ringside_calls_ended_total', 'ringside_signal_relay_seconds']) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    client.close();
  });
});
