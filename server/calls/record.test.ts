import { describe, expect, it } from 'vitest';
import { befriend, register } from '../../testing/api-client.js';
import { useSocketServer } from '../../testing/socket-suite.js';
import { fakeSdp, sleep } from '../../testing/socket-client.js';

const suite = useSocketServer();
const connect = suite.connect.bind(suite);

/** Alice calls Bob (video); `accept` decides whether Bob's device answers. */
async function call(accept: boolean) {
  const alice = await register(suite.url, 'alice', 'Alice');
  const bob = await register(suite.url, 'bob', 'Bob');
  await befriend(suite.url, alice, bob);
  const a = await connect(alice);
  const b = await connect(bob);
  const invite = await a.request('call:invite', { to: bob.user.id, media: 'video', sdp: fakeSdp('offer') });
  const callId = invite.callId as string;
  await b.next('call:incoming');
  if (accept) {
    expect(await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });
    await a.next('call:accepted');
  }
  return { alice, bob, a, b, callId };
}

describe('call:record (issue 15: recording consent)', () => {
  it('relays request, allow, deny and stop between the two devices of an active call only', async () => {
    const { bob, a, b, callId } = await call(true);
    const b2 = await connect(bob);
    expect(await a.request('call:record', { callId, action: 'request' })).toEqual({ ok: true });
    expect(await b.next('call:record')).toEqual({ callId, action: 'request' });
    expect(await b.request('call:record', { callId, action: 'allow' })).toEqual({ ok: true });
    expect(await a.next('call:record')).toEqual({ callId, action: 'allow' });
    expect(await a.request('call:record', { callId, action: 'stop' })).toEqual({ ok: true });
    expect(await b.next('call:record', (event) => event.action === 'stop')).toEqual({
      callId,
      action: 'stop',
    });
    // Bob's other device is no party of the call: refused, and it hears nothing.
    expect(await b2.request('call:record', { callId, action: 'request' })).toMatchObject({
      error: { code: 'not_party' },
    });
    await sleep(50);
    expect(b2.all('call:record')).toHaveLength(0);
    expect(a.all('call:record')).toHaveLength(1);
  });

  it('refuses a stranger to the call, a ringing call and an ended one', async () => {
    const { a, b, callId } = await call(false);
    // Ringing: nothing is held for later, the asker is told the call is not active.
    expect(await a.request('call:record', { callId, action: 'request' })).toMatchObject({
      error: { code: 'not_active' },
    });
    const carol = await register(suite.url, 'carol', 'Carol');
    const c = await connect(carol);
    expect(await c.request('call:record', { callId, action: 'request' })).toMatchObject({
      error: { code: 'not_party' },
    });
    expect(await a.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await a.request('call:record', { callId, action: 'request' })).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(await a.request('call:record', { callId: 'no_such_call', action: 'stop' })).toMatchObject({
      error: { code: 'not_found' },
    });
    await sleep(50);
    expect(b.all('call:record')).toHaveLength(0);
  });

  it('answers invalid for a bad payload and changes nothing', async () => {
    const { a, b, callId } = await call(true);
    for (const payload of [
      { callId, action: 'start' },
      { callId },
      { action: 'request' },
      { callId: 'x'.repeat(500), action: 'request' },
      'request',
    ]) {
      expect(await a.request('call:record', payload as never)).toMatchObject({ error: { code: 'invalid' } });
    }
    await sleep(50);
    expect(b.all('call:record')).toHaveLength(0);
  });

  it('rate-limits recording actions per user and call', async () => {
    const { a, b, callId } = await call(true);
    const results = [];
    for (let index = 0; index < 21; index++)
      results.push(await a.request('call:record', { callId, action: index % 2 ? 'stop' : 'request' }));
    expect(results.slice(0, 20).every((result) => result.ok)).toBe(true);
    expect(results[20]).toMatchObject({ error: { code: 'rate_limited' } });
    await b.next('call:record');
  });
});
