/** What each phase change does outside the machine: persist, notify, place the UI, tear down. */
import type { CallPhase, CallSnapshot } from '../../../lib/call-state';
import type { CallCore } from './call-core';

export function applyTransitionEffects(core: CallCore, call: CallSnapshot, previous: CallSnapshot): void {
  core.persist();
  if (call.phase === previous.phase) return;
  const { deps } = core;
  core.deadlines.arm(call, core.session?.offer ?? null);
  if (call.phase !== 'incoming') void deps.alerts.clearIncoming();
  if (previous.phase === 'idle' || previous.phase === 'ended') void placeForRinging(core, call);
  if (call.phase === 'ended') {
    if (previous.phase === 'incoming' && call.endReason === 'timeout') deps.onMissedCall();
    core.session?.end();
    // The document stays open while signed in (it wakes a stopped worker, and saves its start-up on
    // the next call: T2); `offscreen:stop` releases the camera, microphone and peer connection.
    void deps.media.ask({ type: 'offscreen:stop' });
  }
  if (call.phase === 'idle') {
    core.session = null;
    void core.placement.remove();
  }
}

async function placeForRinging(core: CallCore, call: CallSnapshot): Promise<void> {
  await core.placement.place();
  if (call.phase === 'incoming' && !core.placement.shownInPage) await core.deps.alerts.showIncoming(call);
}

/**
 * A phase's deadline passed: the machine ends (or clears) the call with the reason it picks, and
 * the server hears of a dial or a connection we gave up on.
 */
export function onDeadline(core: CallCore, phase: CallPhase): void {
  const { callId } = core.call;
  if (!core.machine.send({ kind: 'deadline', phase })) return;
  core.deps.log.warn('phase deadline passed', { phase, callId });
  if (!callId) return;
  const signaling = core.deps.signaling();
  if (phase === 'outgoing') void signaling?.emit('call:hangup', { callId, reason: 'hangup' });
  if (phase === 'connecting') void signaling?.emit('call:hangup', { callId, reason: 'ice_failed' });
}
