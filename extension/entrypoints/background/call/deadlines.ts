/**
 * Deadlines by phase: how long each phase may last, as a table. On every phase change the timer
 * is re-armed for the new phase; when it fires, the machine gets a `deadline` event for the phase
 * it was armed in, and the reducer picks the end reason (a stale deadline is refused there).
 */
import type { CallIncoming } from '../../../../protocol';
import type { CallPhase, CallSnapshot } from '../../../lib/call-state';
import { lifetimes } from '../../../lib/lifetimes';

type DeadlineRule = (offer: CallIncoming | null, now: number) => number;

const deadlineByPhase: Partial<Record<CallPhase, DeadlineRule>> = {
  outgoing: () => lifetimes.outgoingRingLimitMs,
  incoming: (offer, now) => {
    const untilExpiry = offer ? Date.parse(offer.expiresAt) - now : Number.NaN;
    return Number.isFinite(untilExpiry)
      ? Math.max(0, untilExpiry) + lifetimes.incomingRingGraceMs
      : lifetimes.restoredRingFallbackMs;
  },
  connecting: () => lifetimes.connectingLimitMs,
  ended: () => lifetimes.endedDisplayMs,
};

/** Milliseconds the phase of `call` may last from now, or null when it has no deadline. */
export function deadlineFor(call: CallSnapshot, offer: CallIncoming | null, now: number): number | null {
  const rule = deadlineByPhase[call.phase];
  return rule ? rule(offer, now) : null;
}

/** One timer for the current phase's deadline. */
export class DeadlineTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onDeadline: (phase: CallPhase) => void,
    signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.clear(), { once: true });
  }

  /** Arm the deadline of the phase `call` just entered (clearing the previous phase's). */
  arm(call: CallSnapshot, offer: CallIncoming | null): void {
    this.clear();
    const ms = deadlineFor(call, offer, Date.now());
    if (ms === null) return;
    const { phase } = call;
    this.#timer = setTimeout(() => this.onDeadline(phase), ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
