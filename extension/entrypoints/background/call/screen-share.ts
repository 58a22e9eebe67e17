/**
 * Screen share in the call core (issue 14): start (the offscreen document shows Chrome's picker),
 * stop, the browser ending it (its stop button, the shared tab or window closing) and the peer's
 * share. One share at a time: a share from the peer replaces ours (the machine says so in
 * `shareNotice`), and the peer hears every change in call:media `screen`.
 */
import type { ScreenShare } from '../../../../protocol';
import type { Result } from '../../../lib/messages';
import type { CallCore } from './call-core';

const live = new Set(['connecting', 'active']);

/** Open the picker in the offscreen document and send the chosen surface to the peer. */
export async function startShare(core: CallCore): Promise<Result> {
  const session = core.session;
  if (!session || !live.has(core.call.phase)) return { ok: false, error: 'no_call' };
  if (core.call.localShare) return { ok: true };
  const answer = await core.deps.media.ask({ type: 'offscreen:start-share' });
  if (!answer) return { ok: false, error: 'no_call' };
  if (!answer.ok) {
    if (answer.error === 'share_failed')
      core.machine.send({ kind: 'local-share', share: null, notice: 'share-failed' });
    return answer;
  }
  if (session.ended || core.session !== session) {
    await core.deps.media.ask({ type: 'offscreen:stop-share' });
    return { ok: false, error: 'no_call' };
  }
  const replacing = core.call.remoteShare !== null;
  core.machine.send({ kind: 'local-share', share: answer.share });
  core.deps.log.info('screen share started', { ...answer.share, replacing });
  if (replacing) void core.deps.media.ask({ type: 'offscreen:remote-share', share: null });
  await announce(core);
  return { ok: true };
}

/** The user's "Stop sharing" (overlay, popup or call window). */
export async function stopShare(core: CallCore): Promise<Result> {
  if (!core.call.localShare) return { ok: true };
  await core.deps.media.ask({ type: 'offscreen:stop-share' });
  core.machine.send({ kind: 'local-share', share: null });
  await announce(core);
  return { ok: true };
}

/** The offscreen document saw the shared surface go (Chrome's stop button, a closed tab or window). */
export async function shareEnded(core: CallCore): Promise<void> {
  if (!core.call.localShare) return;
  core.deps.log.info('screen share ended by the browser');
  core.machine.send({ kind: 'local-share', share: null });
  await announce(core);
}

/** The peer started or stopped sharing; a share from the peer replaces ours. */
export function remoteShare(core: CallCore, share: ScreenShare | null): void {
  const replacedOurs = !!share && !!core.call.localShare;
  if (!core.machine.send({ kind: 'remote-share', share })) return;
  void core.deps.media.ask({ type: 'offscreen:remote-share', share });
  if (!replacedOurs) return;
  core.deps.log.info('the peer shares now: our share stops');
  void core.deps.media.ask({ type: 'offscreen:stop-share' }).then(() => announce(core));
}

/** Tell the peer what this side sends, the share included (call:media). */
async function announce(core: CallCore): Promise<void> {
  const { callId, localAudio, localVideo, localShare } = core.call;
  if (!callId || !core.session?.signalingOpen) return;
  const ack = await core.deps
    .signaling()
    ?.emit('call:media', { callId, audio: localAudio, video: localVideo, screen: localShare });
  if (ack && !ack.ok) core.deps.log.warn('call:media (screen) refused', { code: ack.error.code });
}
