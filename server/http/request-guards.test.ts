import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, jsonRequest } from '../../testing/http-app.js';

type Built = Awaited<ReturnType<typeof buildHttpApp>>;
const extension = 'chrome-extension://abcdefghijklmnop';

describe('cross-site requests', () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildHttpApp({ REGISTER_RATE_MAX: '2', LOGIN_RATE_MAX: '3', LOGIN_RATE_WINDOW_S: '3600' });
  });
  afterAll(() => built.close());

  it('refuses text/plain, form and untyped bodies with 415 before any limit is spent', async () => {
    const body = JSON.stringify({ username: 'simple_post', password: 'long enough' });
    // What a page can send without a CORS preflight: a string body (text/plain), a form, an untyped Blob.
    const simple: RequestInit[] = [
      { method: 'POST', body },
      { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=x' } },
      { method: 'POST', body: new Blob([body]), headers: { 'content-length': String(body.length) } },
    ];
    for (const [index, init] of simple.entries()) {
      for (const path of ['/api/auth/register', '/api/auth/login']) {
        const response = await built.app.request(path, init);
        expect(response.status, `${path} #${index}`).toBe(415);
        expect(await response.json()).toMatchObject({
          error: { code: 'unsupported_media_type', message: expect.any(String) },
        });
      }
    }
    // Neither the sign-up budget (2) nor the login budget (3) was spent by the eight refused posts.
    const signUp = (username: string) =>
      built.app.request('/api/auth/register', jsonRequest('POST', { username, password: 'long enough' }));
    expect((await signUp('first_user')).status).toBe(201);
    expect((await signUp('second_user')).status).toBe(201);
    const login = await built.app.request(
      '/api/auth/login',
      jsonRequest('POST', { username: 'simple_post', password: 'long enough' }),
    );
    expect(login.status).toBe(401);
  });

  it('accepts application/json with parameters', async () => {
    const response = await built.app.request('/api/auth/login', {
      ...jsonRequest('POST', { username: 'nobody_x', password: 'long enough' }),
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(response.status).toBe(401);
  });

  it('refuses state-changing requests from an origin outside CORS_ORIGINS, and allows the extension', async () => {
    const from = (origin: string) =>
      built.app.request(
        '/api/auth/login',
        jsonRequest('POST', { username: 'nobody_y', password: 'long enough' }, { origin }),
      );
    const evil = await from('https://evil.example');
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    expect((await from(extension)).status).toBe(401);
    // Reads are left to CORS (the browser withholds the answer); the check is for what changes state.
    expect(
      (await built.app.request('/healthz', { headers: { origin: 'https://evil.example' } })).status,
    ).toBe(200);
  });

  it('sends security headers on every response', async () => {
    for (const path of ['/healthz', '/api/nothing-here']) {
      const response = await built.app.request(path);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});

describe('login limits a third party cannot use to lock someone out', () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildHttpApp({
      TRUST_PROXY_HOPS: '1',
      LOGIN_RATE_MAX: '3',
      LOGIN_RATE_WINDOW_S: '3600',
      LOGIN_IP_RATE_MAX: '6',
      LOGIN_IP_RATE_WINDOW_S: '3600',
    });
    const created = await built.app.request(
      '/api/auth/register',
      jsonRequest('POST', { username: 'victim', password: 'correct horse' }),
    );
    expect(created.status).toBe(201);
  });
  afterAll(() => built.close());

  const login = async (ip: string, username: string, password: string) => {
    const init = jsonRequest('POST', { username, password }, { 'x-forwarded-for': ip });
    return (await built.app.request('/api/auth/login', init)).status;
  };

  it("an attacker's failures from another address leave the victim's login working", async () => {
    const attacker: number[] = [];
    for (let index = 0; index < 5; index++)
      attacker.push(await login('203.0.113.66', 'victim', 'wrong guess'));
    expect(attacker).toEqual([401, 401, 401, 429, 429]);
    expect(await login('198.51.100.7', 'victim', 'correct horse')).toBe(200);
  });

  it('a success resets the per-username budget; one address cannot spray many usernames', async () => {
    const ip = '192.0.2.10';
    expect(await login(ip, 'victim', 'wrong guess')).toBe(401);
    expect(await login(ip, 'victim', 'wrong guess')).toBe(401);
    expect(await login(ip, 'victim', 'correct horse')).toBe(200);
    // 3 attempts of this address's 6 are spent; the next three other usernames use it up.
    const spray: number[] = [];
    for (const name of ['user_a', 'user_b', 'user_c', 'user_d'])
      spray.push(await login(ip, name, 'wrong guess'));
    expect(spray).toEqual([401, 401, 401, 429]);
  });
});
