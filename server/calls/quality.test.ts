import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, befriend, register } from '../../testing/api-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { TestClient, fakeSdp } from '../../testing/socket-client.js';

let ts: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await ts.cleanup();
});

describe('call quality summary (addition: call:hangup quality)', () => {
  it('is stored with an answered call and returned in both parties’ history; invalid ones are refused', async () => {
    const alice = await register(ts.url, 'alice', 'Alice');
    const bob = await register(ts.url, 'bob', 'Bob');
    await befriend(ts.url, alice, bob);
    const a = await TestClient.connect(ts.url, alice);
    const b = await TestClient.connect(ts.url, bob);
    clients.push(a, b);
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp('offer') });
    const callId = invite.ok ? (invite.callId as string) : '';
    await b.next('call:incoming');
    expect(await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });

    const bad = { durationS: 5, averageRoundTripTimeMs: 12, lossPercent: 140 };
    expect(await a.request('call:hangup', { callId, quality: bad })).toMatchObject({
      error: { code: 'invalid' },
    });
    const quality = { durationS: 12.4, averageRoundTripTimeMs: 8.5, lossPercent: 0.2 };
    expect(await a.request('call:hangup', { callId, quality })).toEqual({ ok: true });

    for (const account of [alice, bob]) {
      const history = await api(ts.url, 'GET', '/api/calls', { token: account.token });
      expect(history.body.calls[0]).toMatchObject({ id: callId, quality });
    }
  });
});
