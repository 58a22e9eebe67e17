/**
 * What the overlay's live region says when the call changes: ringing, connected, and each switch of
 * the microphone or camera. Words are chosen not to repeat the panel's visible texts (the end
 * reason is its own `role="status"`, read by itself).
 */
import type { CallSnapshot } from '../../lib/call-state';

type Announced = Pick<
  CallSnapshot,
  'phase' | 'peer' | 'media' | 'localAudio' | 'localVideo' | 'remoteVideo' | 'canSendVideo'
>;

/** The sentence to announce for the step from `before` to `after`, or null when nothing to say. */
export function describeCallChange(before: Announced | null, after: Announced): string | null {
  const who = after.peer ? `${after.peer.displayName}, @${after.peer.username}` : 'unknown caller';
  if (after.phase !== before?.phase) {
    if (after.phase === 'incoming') return `Ringing: ${who}, ${after.media === 'video' ? 'video' : 'audio'}`;
    if (after.phase === 'outgoing') return `Placing a call to ${who}`;
    if (after.phase === 'connecting') return 'Connecting the call';
    if (after.phase === 'active') return 'Call connected';
    return null;
  }
  if (after.phase !== 'active' && after.phase !== 'connecting') return null;
  if (after.localAudio !== before.localAudio) return after.localAudio ? 'Microphone on' : 'Microphone muted';
  if (after.localVideo !== before.localVideo) return after.localVideo ? 'Camera on' : 'Camera off';
  if (after.remoteVideo !== before.remoteVideo)
    return after.remoteVideo
      ? 'The other side turned their camera on'
      : 'The other side turned their camera off';
  return null;
}
