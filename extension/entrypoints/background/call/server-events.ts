/** Server events turned into machine events: session replay, ring, accepted, signals, media, end. */
import type { CallIncoming, CallView, SessionEvent } from '../../../../protocol';
import type { LocalEndReason } from '../../../lib/call-state';
import type { LocalSignal } from '../../../lib/messages';
import { lifetimes } from '../../../lib/lifetimes';
import type { CallCore } from './call-core';
import { ring } from './incoming-call';

const live = new Set(['outgoing', 'incoming', 'connecting', 'active']);

export class ServerEvents {
  /** Offers of calls ringing for us, including ones we did not ring for (kept for glare). */
  readonly ringingOffers = new Map<string, CallIncoming>();

  constructor(private readonly core: CallCore) {}

  /** The server's view on (re)connect: end what it no longer knows, ring what still rings. */
  onSession(session: SessionEvent): void {
    const { call } = this.core;
    const mine = session.calls.find((view) => view.callId === call.callId);
    if (live.has(call.phase) && call.callId && !mine) {
      // The call ended while this device was away: the server ends a lost device's calls as peer_lost.
      this.core.end(call.phase === 'incoming' ? 'cancelled' : 'peer_lost');
    }
    if (mine?.state === 'active' && this.core.call.phase === 'outgoing')
      this.core.machine.send({ kind: 'answered' });
    const ringing = session.calls.find(
      (view) => view.direction === 'incoming' && view.state === 'ringing' && view.sdp,
    );
    const free = this.core.call.phase === 'idle' || this.core.call.phase === 'ended';
    if (ringing && free) this.onIncoming(viewToIncoming(ringing));
  }

  onIncoming(incoming: CallIncoming): void {
    this.ringingOffers.set(incoming.callId, incoming);
    ring(this.core, incoming);
  }

  onAccepted(callId: string, sdp: string): void {
    if (this.core.call.callId !== callId || !this.core.machine.send({ kind: 'answered' })) return;
    this.core.deps.media.signal({ description: { type: 'answer', sdp } });
  }

  onRemoteSignal(signal: LocalSignal & { callId: string }): void {
    if (signal.callId !== this.core.call.callId) return;
    if (signal.description)
      this.core.deps.log.info('renegotiation received', { type: signal.description.type });
    this.core.deps.media.signal({ candidate: signal.candidate, description: signal.description });
  }

  onRemoteMedia(callId: string, audio: boolean, video: boolean): void {
    if (callId === this.core.call.callId) this.core.machine.send({ kind: 'remote-media', audio, video });
  }

  onEnded(callId: string, reason: LocalEndReason): void {
    this.ringingOffers.delete(callId);
    if (callId === this.core.call.callId) this.core.end(reason);
  }
}

function viewToIncoming(view: CallView): CallIncoming {
  return {
    callId: view.callId,
    from: view.peer,
    media: view.media,
    sdp: view.sdp ?? '',
    expiresAt: view.expiresAt ?? new Date(Date.now() + lifetimes.restoredRingFallbackMs).toISOString(),
  };
}
