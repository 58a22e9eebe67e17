/**
 * The room every part of the call core works in: the machine, the current call's session, the
 * deadline timer and the ports. Parts (outgoing, incoming, in-call, server events) are functions
 * of this core; the facade (../call-controller.ts) is all the rest of the worker sees.
 */
import type { MediaKind } from '../../../../protocol';
import type { CallSnapshot, LocalEndReason } from '../../../lib/call-state';
import type { LocalSignal, Result } from '../../../lib/messages';
import { defaultAudioProcessing } from '../../../lib/audio-processing';
import { CallMachine } from './call-machine';
import type { CallEvent } from './call-machine';
import type { CallDeps, PlacementPort } from './call-ports';
import { CallSession } from './call-session';
import type { CallSessionRecord } from './call-session';
import { DeadlineTimer } from './deadlines';

export class CallCore {
  readonly machine: CallMachine;
  readonly placement: PlacementPort;
  readonly deadlines: DeadlineTimer;
  /** The current call's session; null when idle. */
  session: CallSession | null = null;

  constructor(
    readonly deps: CallDeps,
    onTransition: (call: CallSnapshot, previous: CallSnapshot) => void,
    onDeadline: (phase: CallSnapshot['phase']) => void,
  ) {
    this.machine = new CallMachine(deps.log, onTransition);
    this.placement = deps.placement(() => this.machine.call.phase !== 'idle');
    this.deadlines = new DeadlineTimer(onDeadline, deps.signal);
    // A ring that just left the page rings with a notification too, as where no overlay can show.
    this.placement.onLeftPage(() => {
      if (this.call.phase === 'incoming') void deps.alerts.showIncoming(this.call);
    });
  }

  get call(): CallSnapshot {
    return this.machine.call;
  }

  /**
   * Start a new call with `event` (dial, ring, glare adoption, restore) and its own session; the
   * previous session is ended only if the machine takes the event.
   */
  begin(event: CallEvent, record?: Partial<CallSessionRecord>): CallSession | null {
    const previous = this.session;
    const session = new CallSession(record);
    this.session = session;
    if (this.machine.send(event)) {
      previous?.end();
      return session;
    }
    this.session = previous;
    return null;
  }

  /** End the current call locally; the result carries the reason for the caller of the action. */
  end(reason: LocalEndReason): Result {
    this.machine.send({ kind: 'end', reason });
    return { ok: false, error: reason };
  }

  persist(): void {
    void this.deps.store.save(this.call, this.session?.record() ?? null);
  }

  /** ICE servers and devices for a new peer connection. */
  async mediaSetup(media: MediaKind) {
    const ice = await this.deps.iceServers().catch(() => null);
    return {
      media,
      iceServers: ice?.iceServers ?? [],
      iceTransportPolicy: ice?.iceTransportPolicy ?? 'all',
      devices: this.deps.devices(),
      audioProcessing: this.deps.audioProcessing?.() ?? defaultAudioProcessing,
    };
  }

  /** Signaling is open for `session`'s call: send what the offscreen document produced meanwhile. */
  openSignaling(session: CallSession): void {
    const held = session.openSignaling();
    this.persist();
    for (const signal of held) void this.sendLocalSignal(signal);
  }

  /** A local ICE candidate or renegotiation description, held until signaling is open. */
  async sendLocalSignal(signal: LocalSignal): Promise<void> {
    const callId = this.call.callId;
    const session = this.session;
    if (!session || session.ended) return;
    if (signal.description)
      this.deps.log.info('renegotiation sent', { type: signal.description.type, callId });
    if (!callId || !session.signalingOpen) {
      session.holdSignal(signal);
      return;
    }
    const ack = await this.deps.signaling()?.emit('call:signal', { callId, ...signal });
    if (ack && !ack.ok) this.deps.log.warn('call:signal refused', { code: ack.error.code });
  }

  /** Media could not start: end the call, and tell the server if it knows it. */
  async failMedia(callId: string | null): Promise<Result> {
    this.end('media_failed');
    if (callId) await this.deps.signaling()?.emit('call:hangup', { callId, reason: 'media_failed' });
    return { ok: false, error: 'media_failed' };
  }
}
