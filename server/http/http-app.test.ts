import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../protocol/index.js';
import { buildHttpApp } from '../../testing/http-app.js';
import { originMatcher } from './http-app.js';

describe('origin matcher', () => {
  it('matches wildcard patterns literally otherwise', () => {
    const allowed = originMatcher(['chrome-extension://*', 'https://app.example.com']);
    expect(allowed('chrome-extension://abcdef')).toBe(true);
    expect(allowed('https://app.example.com')).toBe(true);
    expect(allowed('https://appXexample.com')).toBe(false);
    expect(allowed('https://evil.example')).toBe(false);
  });
});

describe('http app (Hono app.request)', () => {
  let built: Awaited<ReturnType<typeof buildHttpApp>>;
  let app: Awaited<ReturnType<typeof buildHttpApp>>['app'];
  beforeAll(async () => {
    built = await buildHttpApp();
    app = built.app;
  });
  afterAll(() => built.close());

  it('answers unknown paths with 404 not_found and a body over the limit with 413 invalid', async () => {
    const missing = await app.request('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    const huge = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'fine_name', password: 'p'.repeat(limits.maxHttpBodyBytes) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'invalid' } });
  });

  it('allows CORS preflights from extension origins only', async () => {
    const preflight = (origin: string) =>
      app.request('/api/auth/login', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const extension = 'chrome-extension://abcdefghijklmnop';
    expect((await preflight(extension)).headers.get('access-control-allow-origin')).toBe(extension);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('stores display names NFC-normalized and refuses bidi overrides and zero-width characters', async () => {
    const register = (username: string, displayName: string) =>
      app.request('/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'long enough', displayName }),
      });
    const created = await register('nfc_name', 'Jose\u0301');
    expect(created.status).toBe(201);
    expect(((await created.json()) as { user: { displayName: string } }).user.displayName).toBe('Jos\u00e9');
    for (const [username, displayName] of [
      ['bidi_name', 'Alice\u202Egnp.exe'],
      ['zwsp_name', 'Ali\u200Bce'],
      ['ctrl_name', 'Alice\u0007'],
    ] as const) {
      const refused = await register(username, displayName);
      expect(refused.status, username).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: { code: 'invalid', message: expect.stringMatching(/control, bidi-override or zero-width/) },
      });
    }
  });

  it('names every invalid field of a body in English (the protocol is zod/mini, which loads no locale)', async () => {
    const refused = await app.request('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'A b', password: 'short', displayName: '' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: {
        code: 'invalid',
        message:
          'username: username: 3-32 of a-z 0-9 _ . -; password: Too small: expected string to have >=8 characters; ' +
          'displayName: Too small: expected string to have >=1 characters',
      },
    });
  });

  it('reports health from the database', async () => {
    const health = await app.request('/healthz');
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { ok: true } });
  });

  it('reports 503 from /healthz when the database is unreachable, and `internal` for what needs it', async () => {
    const broken = await buildHttpApp();
    await broken.db.destroy();
    const health = await broken.app.request('/healthz');
    expect({ status: health.status, body: await health.json() }).toEqual({
      status: 503,
      body: { ok: false },
    });
    const login = await broken.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'abc', password: 'whatever1' }),
    });
    expect(login.status).toBe(500);
    expect(await login.json()).toMatchObject({ error: { code: 'internal' } });
    await broken.close().catch(() => {});
  });
});
