/** Controls of a call in progress: hang up, mute and camera, device switches, connection state. */
import type { DeviceChoice, Result } from '../../../lib/messages';
import { lifetimes } from '../../../lib/lifetimes';
import type { CallCore } from './call-core';

/** Hang up, cancel or decline, whichever fits the phase. */
export async function hangUp(
  core: CallCore,
  reason: 'hangup' | 'media_failed' | 'ice_failed',
  decline: () => Promise<Result>,
): Promise<Result> {
  const { phase, callId } = core.call;
  const session = core.session;
  if (phase === 'incoming') return decline();
  if (!session || (phase !== 'outgoing' && phase !== 'connecting' && phase !== 'active'))
    return { ok: false, error: 'no_call' };
  // Read before the end tears the offscreen document down (issue 6.2: stored with the call).
  const quality = phase === 'active' ? await qualitySummary(core) : undefined;
  if (session.ended) return { ok: true };
  core.machine.send({
    kind: 'end',
    reason: reason === 'hangup' ? (phase === 'outgoing' ? 'cancelled' : 'hangup') : reason,
  });
  if (callId) await core.deps.signaling()?.emit('call:hangup', { callId, reason, quality });
  return { ok: true };
}

/** The offscreen document's quality summary, if it answers quickly (never holds up a hang up). */
async function qualitySummary(core: CallCore) {
  const answer = await Promise.race([
    core.deps.media.ask({ type: 'offscreen:quality-summary' }),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), lifetimes.qualitySummaryWaitMs)),
  ]);
  return answer?.ok ? (answer.summary ?? undefined) : undefined;
}

/** Mute / camera toggle: tell the offscreen document and the peer. */
export async function setLocalMedia(core: CallCore, audio: boolean, video: boolean): Promise<Result> {
  if (!core.machine.send({ kind: 'local-media', audio, video })) return { ok: false, error: 'no_call' };
  const applied = await core.deps.media.ask({ type: 'offscreen:set-media', audio, video });
  if (video && applied && !applied.ok) {
    // Turning the camera on mid-call (an upgrade to video) failed: stay on audio.
    video = false;
    core.machine.send({ kind: 'local-media', audio, video });
  }
  const callId = core.call.callId;
  if (callId && core.session?.signalingOpen)
    await core.deps.signaling()?.emit('call:media', { callId, audio, video });
  return { ok: true };
}

/** Devices picked in the popup mid-call: replaceTrack in the offscreen document, no renegotiation. */
export async function switchDevices(
  core: CallCore,
  previous: DeviceChoice,
  next: DeviceChoice,
): Promise<void> {
  if (core.call.phase !== 'connecting' && core.call.phase !== 'active') return;
  const changes = [
    ['audio', previous.microphoneId, next.microphoneId],
    ['video', previous.cameraId, next.cameraId],
    ['speaker', previous.speakerId, next.speakerId],
  ] as const;
  for (const [kind, before, after] of changes) {
    if (before === after) continue;
    const answer = await core.deps.media.ask({ type: 'offscreen:switch-device', kind, deviceId: after });
    const outcome = answer?.ok ? 'ok' : (answer?.error ?? 'no media');
    core.deps.log.info(`device switched mid-call: ${kind} -> ${after || 'default'} (${outcome})`);
  }
}
