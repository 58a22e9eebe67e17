/** The callee's side: ring, accept (answer) and decline. */
import type { CallIncoming } from '../../../../protocol';
import type { Result } from '../../../lib/messages';
import { mapAckFailure } from '../end-reasons';
import type { CallCore } from './call-core';
import type { CallSession } from './call-session';
import { watchCapture } from './capture-watch';

/** A call rings for us; ignored while another call is live (the server answers busy). */
export function ring(core: CallCore, incoming: CallIncoming): void {
  const session = core.begin(
    { kind: 'ring', callId: incoming.callId, peer: incoming.from, media: incoming.media },
    { offer: incoming },
  );
  // The transition already persisted the session and armed the ring deadline from its offer.
  if (!session) return;
  void core.deps.media.tell({ type: 'offscreen:ringtone', playing: true });
  void prepareWhileRinging(core, session, incoming);
}

/**
 * Apply the offer while it rings (issue 12), so Accept only answers. Nothing about us leaves:
 * no capture, no candidates (gathering starts with the answer), no signal. Once the offer is
 * applied the call's media are ready (`media-ready`): the overlay negotiates its local video relay
 * while it rings, so the peer's first frame is on screen as soon as it arrives (Accept -> first
 * frame 878 -> 596 ms median in bench:setup, docs/benchmarks.md). The relay carries nothing until
 * the call connects, and the peer connection does not connect before Accept.
 */
async function prepareWhileRinging(
  core: CallCore,
  session: CallSession,
  incoming: CallIncoming,
): Promise<void> {
  const setup = await core.mediaSetup(incoming.media);
  if (session.ended || core.call.phase !== 'incoming') return;
  const prepared = await core.deps.media.tell({
    type: 'offscreen:prepare-answer',
    ...setup,
    offerSdp: incoming.sdp,
  });
  if (prepared.ok && !session.ended && core.call.phase === 'incoming')
    core.machine.send({ kind: 'media-ready' });
}

/** Accept the ringing call (only ever called for trusted senders, notifications, commands). */
export async function acceptCall(core: CallCore, audioOnly: boolean): Promise<Result> {
  const session = core.session;
  const offer = session?.offer;
  if (!session || !offer || core.call.phase !== 'incoming' || offer.callId !== core.call.callId)
    return { ok: false, error: 'not_ringing' };
  core.machine.send({ kind: 'accept', audioOnly });
  return answerOffer(core, session, offer, audioOnly);
}

/** Create the answer and send call:accept; the session's end stops it wherever it is. */
export async function answerOffer(
  core: CallCore,
  session: CallSession,
  offer: CallIncoming,
  audioOnly: boolean,
): Promise<Result> {
  const signaling = core.deps.signaling();
  if (!signaling) return core.end('failed');
  void core.deps.media.ask({ type: 'offscreen:ringtone', playing: false });
  const setup = await core.mediaSetup(offer.media);
  if (session.ended) return { ok: true };
  const answer = await core.deps.media.tell({
    type: 'offscreen:create-answer',
    ...setup,
    offerSdp: offer.sdp,
    audioOnly,
  });
  if (session.ended) return { ok: true };
  if (!answer.ok) return core.failMedia(offer.callId);
  core.machine.send({ kind: 'media-ready' });
  const ack = await signaling.emit('call:accept', { callId: offer.callId, sdp: answer.sdp });
  if (session.ended) return { ok: true };
  if (!ack.ok) return core.end(mapAckFailure(ack.error.code));
  core.openSignaling(session);
  void watchCapture(core, session, offer.callId);
  if (audioOnly && offer.media === 'video')
    await signaling.emit('call:media', { callId: offer.callId, audio: core.call.localAudio, video: false });
  return { ok: true };
}

export async function declineCall(core: CallCore): Promise<Result> {
  const callId = core.call.callId;
  if (core.call.phase !== 'incoming' || !callId) return { ok: false, error: 'not_ringing' };
  core.machine.send({ kind: 'end', reason: 'declined' });
  await core.deps.signaling()?.emit('call:reject', { callId });
  return { ok: true };
}
