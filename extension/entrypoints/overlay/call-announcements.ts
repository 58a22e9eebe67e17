/**
 * What the overlay's live region says when the call changes: ringing, connected, and each switch of
 * the microphone or camera. Words are chosen not to repeat the panel's visible texts (the end
 * reason is its own `role="status"`, read by itself). Returns a message key (extension/locales) and
 * its substitutions, so this stays a pure function the unit tests run without a browser.
 */
import type { CallSnapshot } from '../../lib/call-state';

type Announced = Pick<
  CallSnapshot,
  'phase' | 'peer' | 'media' | 'localAudio' | 'localVideo' | 'remoteVideo' | 'canSendVideo'
>;

export type AnnouncementKey =
  | 'announce.ringingVideo'
  | 'announce.ringingAudio'
  | 'announce.outgoing'
  | 'announce.connecting'
  | 'announce.connected'
  | 'announce.microphoneOn'
  | 'announce.microphoneMuted'
  | 'announce.cameraOn'
  | 'announce.cameraOff'
  | 'announce.remoteCameraOn'
  | 'announce.remoteCameraOff';

export interface Announcement {
  key: AnnouncementKey;
  values: string[];
}

const say = (key: AnnouncementKey, values: string[] = []): Announcement => ({ key, values });

/** The announcement for the step from `before` to `after`, or null when there is nothing to say. */
export function describeCallChange(before: Announced | null, after: Announced): Announcement | null {
  const who = [after.peer?.displayName ?? '?', after.peer?.username ?? '?'];
  if (after.phase !== before?.phase) {
    if (after.phase === 'incoming')
      return say(after.media === 'video' ? 'announce.ringingVideo' : 'announce.ringingAudio', who);
    if (after.phase === 'outgoing') return say('announce.outgoing', who);
    if (after.phase === 'connecting') return say('announce.connecting');
    if (after.phase === 'active') return say('announce.connected');
    return null;
  }
  if (after.phase !== 'active' && after.phase !== 'connecting') return null;
  if (after.localAudio !== before.localAudio)
    return say(after.localAudio ? 'announce.microphoneOn' : 'announce.microphoneMuted');
  if (after.localVideo !== before.localVideo)
    return say(after.localVideo ? 'announce.cameraOn' : 'announce.cameraOff');
  if (after.remoteVideo !== before.remoteVideo)
    return say(after.remoteVideo ? 'announce.remoteCameraOn' : 'announce.remoteCameraOff');
  return null;
}
