/**
 * Offer and answer leave before the camera and microphone are up (issue 12). Once the call's
 * signaling is open, this waits for the capture the offscreen document started beside them; if it
 * failed (no grant, a device error) the call ends as media_failed, on the server too.
 */
import type { CallCore } from './call-core';
import type { CallSession } from './call-session';

export async function watchCapture(core: CallCore, session: CallSession, callId: string): Promise<void> {
  const ready = await core.deps.media.ask({ type: 'offscreen:capture-ready' });
  if (session.ended || ready?.ok) return;
  await core.failMedia(callId);
}
