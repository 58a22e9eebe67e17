/** The caller's side: dial (offer, invite) and adopting the other call on glare. */
import type { CallIncoming, MediaKind, User } from '../../../../protocol';
import type { Result } from '../../../lib/messages';
import { inviteErrorReason } from '../end-reasons';
import type { CallCore } from './call-core';
import { watchCapture } from './capture-watch';
import { answerOffer } from './incoming-call';

/** The user clicked Audio/Video call. `ringingOffers` are offers ringing for us (glare). */
export async function startCall(
  core: CallCore,
  peer: User,
  media: MediaKind,
  ringingOffers: ReadonlyMap<string, CallIncoming>,
): Promise<Result> {
  const signaling = core.deps.signaling();
  if (!signaling) return { ok: false, error: 'offline' };
  const session = core.begin({ kind: 'dial', peer, media });
  if (!session) return { ok: false, error: 'already_in_call' };
  const setup = await core.mediaSetup(media);
  if (session.ended) return { ok: true };
  const offer = await core.deps.media.tell({ type: 'offscreen:create-offer', ...setup });
  if (session.ended) return { ok: true };
  if (!offer.ok) return core.failMedia(null);
  core.machine.send({ kind: 'media-ready' });
  const ack = await signaling.emit('call:invite', { to: peer.id, media, sdp: offer.sdp });
  if (ack.ok) {
    if (session.ended) {
      // Cancelled while the invite was on its way: cancel it on the server too.
      await signaling.emit('call:hangup', { callId: ack.callId, reason: 'hangup' });
      return { ok: true };
    }
    core.machine.send({ kind: 'invited', callId: ack.callId });
    core.openSignaling(session);
    void watchCapture(core, session, ack.callId);
    return { ok: true };
  }
  core.deps.log.warn('call:invite refused', { code: ack.error.code, message: ack.error.message });
  if (session.ended) return { ok: false, error: ack.error.code };
  if (ack.error.code === 'glare' && ack.error.callId) {
    const ringing = ringingOffers.get(ack.error.callId);
    return adoptGlare(core, ack.error.callId, ringing ?? null);
  }
  core.end(inviteErrorReason(ack.error.code));
  return { ok: false, error: ack.error.code };
}

/** Our invite lost a glare race: answer the call that is already ringing for us instead. */
async function adoptGlare(core: CallCore, callId: string, offer: CallIncoming | null): Promise<Result> {
  await core.deps.media.ask({ type: 'offscreen:stop' });
  if (!offer) return core.end('failed');
  core.deps.log.info('glare: accepting the call already ringing', { callId });
  const session = core.begin(
    { kind: 'adopt-glare', callId, peer: offer.from, media: offer.media },
    { offer },
  );
  if (!session) return { ok: false, error: 'already_in_call' };
  return answerOffer(core, session, offer, false);
}
