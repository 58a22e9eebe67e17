import { describe, expect, it } from 'vitest';
import { api, befriend, register } from '../../testing/api-client.js';
import { useSocketServer } from '../../testing/socket-suite.js';
import type { TestClient } from '../../testing/socket-client.js';
import { fakeSdp, sleep } from '../../testing/socket-client.js';

const suite = useSocketServer();
const connect = suite.connect.bind(suite);

/** Two mutual contacts, each with one connected device. */
async function pair() {
  const alice = await register(suite.url, 'alice', 'Alice');
  const bob = await register(suite.url, 'bob', 'Bob');
  await befriend(suite.url, alice, bob);
  return { alice, bob, a: await connect(alice), b: await connect(bob) };
}

/** Alice's device `a` calls Bob; resolves once Bob's device `b` rang. */
async function ring(a: TestClient, b: TestClient, to: string) {
  const invite = await a.request('call:invite', { to, media: 'video', sdp: fakeSdp('offer') });
  expect(invite).toEqual({ ok: true, callId: expect.any(String) });
  await b.next('call:incoming', (event) => event.callId === invite.callId);
  return invite.callId as string;
}

describe('call setup', () => {
  it('rings every callee device, first accept wins, the others get answered_elsewhere', async () => {
    const { alice, bob, a, b } = await pair();
    const b2 = await connect(bob);
    const invite = await a.request('call:invite', {
      to: bob.user.id,
      media: 'video',
      sdp: fakeSdp('offer-1'),
    });
    expect(invite.ok).toBe(true);
    const callId = invite.ok ? (invite.callId as string) : '';
    const incoming = await b.next('call:incoming');
    expect(incoming).toMatchObject({ callId, from: alice.user, media: 'video', sdp: fakeSdp('offer-1') });
    expect(Date.parse(incoming.expiresAt)).toBeGreaterThan(Date.now());
    await b2.next('call:incoming');

    // Both devices accept at once: exactly one wins.
    const [first, second] = await Promise.all([
      b.request('call:accept', { callId, sdp: fakeSdp('answer-b') }),
      b2.request('call:accept', { callId, sdp: fakeSdp('answer-b2') }),
    ]);
    const results = [first, second];
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ error: { code: 'answered_elsewhere' } });
    const [winner, loser] = first.ok ? [b, b2] : [b2, b];
    const accepted = await a.next('call:accepted');
    expect(accepted).toEqual({ callId, sdp: first.ok ? fakeSdp('answer-b') : fakeSdp('answer-b2') });
    expect(await loser.next('call:ended')).toEqual({ callId, reason: 'answered_elsewhere' });

    // Signals and media flow between the two devices of the call, and nobody else.
    expect(
      await a.request('call:signal', { callId, candidate: { candidate: 'candidate:1', sdpMid: '0' } }),
    ).toEqual({ ok: true });
    expect(await winner.next('call:signal')).toEqual({
      callId,
      candidate: { candidate: 'candidate:1', sdpMid: '0' },
    });
    const renegotiate = { callId, description: { type: 'offer', sdp: fakeSdp('reoffer') } };
    expect(await winner.request('call:signal', renegotiate)).toEqual({ ok: true });
    expect(await a.next('call:signal')).toEqual(renegotiate);
    expect(await loser.request('call:signal', { callId, candidate: null })).toMatchObject({
      error: { code: 'not_party' },
    });
    expect(await winner.request('call:media', { callId, audio: true, video: false })).toEqual({ ok: true });
    expect(await a.next('call:media')).toEqual({ callId, audio: true, video: false });
    expect(await loser.request('call:media', { callId, audio: true, video: false })).toMatchObject({
      error: { code: 'not_party' },
    });
    expect(loser.all('call:signal')).toHaveLength(0);

    // Hang up: the peer hears it with the reason, and the hanger-up gets no echo.
    expect(await winner.request('call:hangup', { callId, reason: 'ice_failed' })).toEqual({ ok: true });
    expect(await a.next('call:ended')).toEqual({ callId, reason: 'ice_failed' });
    expect(await a.request('call:hangup', { callId })).toMatchObject({ error: { code: 'ended' } });
    await sleep(50);
    expect(winner.all('call:ended')).toHaveLength(0);

    const history = await api(suite.url, 'GET', '/api/calls', { token: alice.token });
    expect(history.body.calls[0]).toMatchObject({
      id: callId,
      peer: bob.user,
      direction: 'outgoing',
      media: 'video',
      status: 'answered',
      endReason: 'ice_failed',
    });
    expect(history.body.calls[0].answeredAt).toEqual(expect.any(String));
    expect(history.body.calls[0].endedAt).toEqual(expect.any(String));
  });

  it('holds the caller candidates while ringing and delivers them only to the accepting device', async () => {
    const { bob, a, b } = await pair();
    const b2 = await connect(bob);
    const callId = await ring(a, b, bob.user.id);
    await b2.next('call:incoming');
    for (let index = 0; index < 70; index++) {
      expect(
        await a.request('call:signal', { callId, candidate: { candidate: `candidate:${index}` } }),
      ).toEqual({
        ok: true,
      });
    }
    // The callee may not send anything before accepting.
    expect(await b.request('call:signal', { callId, candidate: { candidate: 'x' } })).toMatchObject({
      error: { code: 'not_party' },
    });
    await sleep(50);
    expect(b.all('call:signal')).toHaveLength(0);
    expect(b2.all('call:signal')).toHaveLength(0);

    expect(await b2.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });
    await a.next('call:accepted');
    await b2.next('call:signal', (signal) => signal.candidate?.candidate === 'candidate:63');
    const held = b2.all('call:signal').map((signal) => signal.candidate?.candidate);
    // Bounded by limits.maxHeldCandidates (64), in the order sent.
    expect(held).toEqual(Array.from({ length: 64 }, (_, index) => `candidate:${index}`));
    expect(b.all('call:signal')).toHaveLength(0);
    await a.request('call:hangup', { callId });
  });

  it('reject from one device: rejected to the caller, rejected_elsewhere to the other devices', async () => {
    const { alice, bob, a, b } = await pair();
    const b2 = await connect(bob);
    const callId = await ring(a, b, bob.user.id);
    await b2.next('call:incoming');
    expect(await b2.request('call:reject', { callId })).toEqual({ ok: true });
    expect(await a.next('call:ended')).toEqual({ callId, reason: 'rejected' });
    expect(await b.next('call:ended')).toEqual({ callId, reason: 'rejected_elsewhere' });
    expect(await b.request('call:accept', { callId, sdp: fakeSdp() })).toMatchObject({
      error: { code: 'ended' },
    });
    expect(await b.request('call:reject', { callId })).toMatchObject({ error: { code: 'ended' } });
    const history = await api(suite.url, 'GET', '/api/calls', { token: alice.token });
    expect(history.body.calls[0]).toMatchObject({ id: callId, status: 'rejected', endReason: 'rejected' });
  });

  it('a callee whose camera failed ends the ringing call as media_failed, not as a decline', async () => {
    const { alice, bob, a, b } = await pair();
    const callId = await ring(a, b, bob.user.id);
    expect(await b.request('call:hangup', { callId, reason: 'media_failed' })).toEqual({ ok: true });
    expect(await a.next('call:ended')).toEqual({ callId, reason: 'media_failed' });
    for (const account of [alice, bob]) {
      const history = await api(suite.url, 'GET', '/api/calls', { token: account.token });
      expect(history.body.calls[0]).toMatchObject({
        id: callId,
        status: 'failed',
        endReason: 'media_failed',
      });
    }
  });

  it('hangup while ringing cancels: the callee devices get cancelled and a missed call', async () => {
    const { alice, bob, a, b } = await pair();
    const callId = await ring(a, b, bob.user.id);
    expect(await a.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await b.next('call:ended')).toEqual({ callId, reason: 'cancelled' });
    const callee = await api(suite.url, 'GET', '/api/calls', { token: bob.token });
    expect(callee.body.calls[0]).toMatchObject({ id: callId, direction: 'incoming', status: 'missed' });
    const caller = await api(suite.url, 'GET', '/api/calls', { token: alice.token });
    expect(caller.body.calls[0]).toMatchObject({ id: callId, direction: 'outgoing', status: 'cancelled' });
  });

  it('glare: the second invite fails with glare and the existing call id', async () => {
    const { alice, bob, a, b } = await pair();
    const callId = await ring(a, b, bob.user.id);
    const crossed = await b.request('call:invite', { to: alice.user.id, media: 'audio', sdp: fakeSdp() });
    expect(crossed).toEqual({ ok: false, error: { code: 'glare', message: expect.any(String), callId } });
    expect(await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });
    await a.next('call:accepted');
    await a.request('call:hangup', { callId });
  });

  it('busy, already_in_call, unavailable, not_contact and dnd', async () => {
    const { alice, bob, a, b } = await pair();
    const carol = await register(suite.url, 'carol');
    await befriend(suite.url, carol, bob);
    await befriend(suite.url, carol, alice);
    const c = await connect(carol);

    const callId = await ring(a, b, bob.user.id);
    expect(await b.request('call:accept', { callId, sdp: fakeSdp() })).toEqual({ ok: true });
    // Carol calls Bob, who is in a call: busy, recorded in her history, and Bob is not disturbed.
    const busy = await c.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    expect(busy).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(b.all('call:incoming')).toHaveLength(1);
    const history = await api(suite.url, 'GET', '/api/calls', { token: carol.token });
    expect(history.body.calls[0]).toMatchObject({ peer: bob.user, status: 'busy', endReason: 'busy' });
    // Alice is in that call herself.
    expect(
      await a.request('call:invite', { to: carol.user.id, media: 'audio', sdp: fakeSdp() }),
    ).toMatchObject({
      error: { code: 'already_in_call' },
    });
    await a.request('call:hangup', { callId });
    await b.next('call:ended');

    // Nobody online.
    const dave = await register(suite.url, 'dave');
    await befriend(suite.url, dave, alice);
    const unavailable = await a.request('call:invite', { to: dave.user.id, media: 'audio', sdp: fakeSdp() });
    expect(unavailable).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const daveHistory = await api(suite.url, 'GET', '/api/calls', { token: dave.token });
    expect(daveHistory.body.calls[0]).toMatchObject({
      peer: alice.user,
      direction: 'incoming',
      status: 'unavailable',
    });

    // Not a contact (and not yourself).
    const stranger = await register(suite.url, 'stranger');
    await connect(stranger);
    for (const to of [stranger.user.id, alice.user.id, 'no-such-user']) {
      expect(await a.request('call:invite', { to, media: 'audio', sdp: fakeSdp() })).toMatchObject({
        error: { code: 'not_contact' },
      });
    }

    // Do not disturb.
    expect(
      (await api(suite.url, 'PUT', '/api/me/dnd', { token: carol.token, body: { dnd: true } })).status,
    ).toBe(200);
    expect(
      await a.request('call:invite', { to: carol.user.id, media: 'audio', sdp: fakeSdp() }),
    ).toMatchObject({
      error: { code: 'dnd' },
    });
    expect(c.all('call:incoming')).toHaveLength(0);
  });

  it('unknown call ids and strangers: not_found, nothing changes', async () => {
    const { bob, a, b } = await pair();
    const eve = await register(suite.url, 'eve');
    const e = await connect(eve);
    const callId = await ring(a, b, bob.user.id);
    for (const [event, payload] of [
      ['call:accept', { callId, sdp: fakeSdp() }],
      ['call:reject', { callId }],
      ['call:hangup', { callId }],
    ] as const) {
      expect(await e.request(event, payload)).toMatchObject({ error: { code: 'not_found' } });
      expect(await e.request(event, { ...payload, callId: 'nope' })).toMatchObject({
        error: { code: 'not_found' },
      });
    }
    expect(await e.request('call:signal', { callId, candidate: { candidate: 'evil' } })).toMatchObject({
      error: { code: 'not_party' },
    });
    expect(await e.request('call:signal', { callId: 'nope', candidate: null })).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(await e.request('call:media', { callId: 'nope', audio: true, video: true })).toMatchObject({
      error: { code: 'not_found' },
    });
    // The call is still ringing and can be answered.
    expect(await b.request('call:accept', { callId, sdp: fakeSdp() })).toEqual({ ok: true });
    await a.request('call:hangup', { callId });
  });
});

describe('relay party cache', () => {
  it('relays an active call between its two devices only, and answers not_found right after its end', async () => {
    const { bob, a, b } = await pair();
    const b2 = await connect(bob);
    const callId = await ring(a, b, bob.user.id);
    await b2.next('call:incoming', (event) => event.callId === callId);
    expect(await b.request('call:accept', { callId, sdp: fakeSdp() })).toEqual({ ok: true });
    await a.next('call:accepted');
    // Cached on accept: both directions, media too; the other device of the callee stays out.
    for (let round = 0; round < 3; round++) {
      expect(await a.request('call:signal', { callId, candidate: { candidate: `a-${round}` } })).toEqual({
        ok: true,
      });
      expect(await b.next('call:signal', (event) => event.candidate?.candidate === `a-${round}`)).toEqual({
        callId,
        candidate: { candidate: `a-${round}` },
      });
      expect(await b.request('call:signal', { callId, candidate: { candidate: `b-${round}` } })).toEqual({
        ok: true,
      });
      await a.next('call:signal', (event) => event.candidate?.candidate === `b-${round}`);
    }
    expect(await a.request('call:media', { callId, audio: false, video: true })).toEqual({ ok: true });
    expect(await b.next('call:media')).toEqual({ callId, audio: false, video: true });
    expect(await b2.request('call:signal', { callId, candidate: null })).toMatchObject({
      error: { code: 'not_party' },
    });
    expect(await b2.request('call:media', { callId, audio: true, video: true })).toMatchObject({
      error: { code: 'not_party' },
    });

    expect(await b.request('call:hangup', { callId })).toEqual({ ok: true });
    // No await in between: the end must already be known to the relay.
    const after = await Promise.all([
      a.request('call:signal', { callId, candidate: { candidate: 'late-a' } }),
      b.request('call:signal', { callId, candidate: { candidate: 'late-b' } }),
      a.request('call:media', { callId, audio: true, video: true }),
      b2.request('call:signal', { callId, candidate: null }),
    ]);
    for (const result of after) expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await sleep(100);
    expect(b.all('call:signal').filter((event) => event.candidate?.candidate === 'late-a')).toHaveLength(0);
    expect(a.all('call:signal').filter((event) => event.candidate?.candidate === 'late-b')).toHaveLength(0);
  });
});

describe('one call per user', () => {
  it('a user being rung cannot call out; the call locks make concurrent invites safe', async () => {
    const { alice, bob, a, b } = await pair();
    const carol = await register(suite.url, 'carol');
    await befriend(suite.url, carol, alice);
    await befriend(suite.url, carol, bob);
    const c = await connect(carol);
    const fromCarol = await ring(c, a, alice.user.id);
    expect(await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() })).toMatchObject(
      {
        error: { code: 'already_in_call' },
      },
    );
    await c.request('call:hangup', { callId: fromCarol });
    await a.next('call:ended');

    // Alice and Carol invite Bob at the same moment: exactly one rings, the other is busy.
    const results = await Promise.all([
      a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() }),
      c.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ error: { code: 'busy' } });
    const winner = results[0]!.ok ? a : c;
    const callId = (results[0]!.ok ? results[0] : results[1]) as { callId: string };
    await b.next('call:incoming');
    await winner.request('call:hangup', { callId: callId.callId });
    await b.next('call:ended');
    // Locks are released with the end: Bob can be called again.
    const again = await c.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    expect(again.ok).toBe(true);
    await c.request('call:hangup', { callId: again.ok && again.callId });
  });
});

describe('glare race', () => {
  it('simultaneous invites both ways: one rings, the other gets glare with its call id', async () => {
    const { alice, bob, a, b } = await pair();
    const results = await Promise.all([
      a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() }),
      b.request('call:invite', { to: alice.user.id, media: 'audio', sdp: fakeSdp() }),
    ]);
    const ok = results.find((result) => result.ok) as { callId: string } | undefined;
    expect(ok).toBeDefined();
    expect(results.find((result) => !result.ok)).toMatchObject({
      error: { code: 'glare', callId: ok?.callId },
    });
    await (results[0]!.ok ? a : b).request('call:hangup', { callId: ok?.callId });
  });
});

describe('history', () => {
  it('lists calls newest first with paging by limit and before', async () => {
    const { alice, bob, a, b } = await pair();
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const callId = await ring(a, b, bob.user.id);
      await a.request('call:hangup', { callId });
      await b.next('call:ended');
      ids.push(callId);
      await sleep(5); // distinct startedAt
    }
    const page1 = await api(suite.url, 'GET', '/api/calls?limit=2', { token: alice.token });
    expect(page1.body.calls.map((call: { id: string }) => call.id)).toEqual([ids[2], ids[1]]);
    const before = page1.body.calls[1].startedAt as string;
    const page2 = await api(suite.url, 'GET', `/api/calls?limit=2&before=${encodeURIComponent(before)}`, {
      token: alice.token,
    });
    expect(page2.body.calls.map((call: { id: string }) => call.id)).toEqual([ids[0]]);
    // Bob sees the same calls from his side.
    const bobs = await api(suite.url, 'GET', '/api/calls', { token: bob.token });
    expect(bobs.body.calls).toHaveLength(3);
    expect(bobs.body.calls[0]).toMatchObject({ peer: alice.user, direction: 'incoming', status: 'missed' });
  });
});
