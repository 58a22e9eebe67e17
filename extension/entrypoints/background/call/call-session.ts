/**
 * One call's working state beside the machine's snapshot: created on dial, ring or glare adoption,
 * ended (aborted) when the machine reaches `ended`. Async steps of a call check `signal` instead of
 * re-checking phase and call id after each await. Persisted as one record with the snapshot.
 */
import * as z from 'zod/mini';
import { CallIncomingSchema } from '../../../../protocol';
import type { CallIncoming } from '../../../../protocol';
import type { LocalSignal } from '../../../lib/messages';

export const CallSessionRecordSchema = z.object({
  /** The offer of the incoming call being rung, so a restarted worker can still answer it. */
  offer: z._default(z.nullable(CallIncomingSchema), null),
  /** Whether call:signal may be sent (after the invite or accept ack). */
  signalingOpen: z._default(z.boolean(), false),
});
export type CallSessionRecord = z.infer<typeof CallSessionRecordSchema>;

export class CallSession {
  readonly #scope = new AbortController();
  #offer: CallIncoming | null;
  #signalingOpen: boolean;
  #heldSignals: LocalSignal[] = [];

  constructor(record: Partial<CallSessionRecord> = {}) {
    this.#offer = record.offer ?? null;
    this.#signalingOpen = record.signalingOpen ?? false;
  }

  /** Aborted when the call ends: pending async steps of this call stop there. */
  get signal(): AbortSignal {
    return this.#scope.signal;
  }

  get ended(): boolean {
    return this.#scope.signal.aborted;
  }

  get offer(): CallIncoming | null {
    return this.#offer;
  }

  get signalingOpen(): boolean {
    return this.#signalingOpen;
  }

  adoptOffer(offer: CallIncoming): void {
    this.#offer = offer;
  }

  /** Local signals wait until the server knows the call is ours to signal. */
  holdSignal(signal: LocalSignal): void {
    this.#heldSignals.push(signal);
  }

  /** Opens signaling and hands back what was held, in order. */
  openSignaling(): LocalSignal[] {
    this.#signalingOpen = true;
    return this.#heldSignals.splice(0);
  }

  end(): void {
    this.#heldSignals = [];
    this.#scope.abort();
  }

  record(): CallSessionRecord {
    return { offer: this.#offer, signalingOpen: this.#signalingOpen };
  }
}
