import type { CallEndReason } from '../../protocol/index.js';
import { notifyEnded } from './notify.js';
import type { CallRef, Device } from './parties.js';
import type { HeldSignals } from './held-signals.js';
import type { CallPartyCache } from './party-cache.js';
import type { CallDelivery, PresenceNotifier } from './ports.js';
import type { CallStateMachine } from './state-machine.js';

/** Ending a call, whoever asks (a verb, a ring timeout, a lost peer): the one place that notifies. */
export function createCallEnding(deps: {
  machine: CallStateMachine;
  partyCache: CallPartyCache;
  heldSignals: Pick<HeldSignals, 'drop'>;
  delivery: CallDelivery;
  presence: PresenceNotifier;
  clearRing: (callId: string) => void;
}) {
  const { machine, partyCache, delivery, presence } = deps;

  /**
   * Ends a call once (whoever wins the conditional UPDATE notifies) and refreshes presence.
   * `quality` (the JSON summary a hanging-up device measured) is stored by the same UPDATE.
   */
  return async function endCall(
    call: CallRef,
    reason: CallEndReason,
    endedBy?: Device,
    quality?: string,
  ): Promise<boolean> {
    if (!(await machine.end(call, reason, undefined, quality))) return false;
    deps.heldSignals.drop(call.id);
    // Forgotten on this node at once (before any other await); the other nodes acknowledge before
    // this end is acknowledged to anyone, so no node relays for the call after that.
    const forgotten = partyCache.ended(call.id);
    deps.clearRing(call.id);
    notifyEnded(delivery, call, reason, endedBy);
    if (call.state === 'active')
      // One live call per user: neither is in a call any more (no database read for busy).
      await Promise.all([
        presence.broadcast(call.caller_id, false),
        presence.broadcast(call.callee_id, false),
      ]);
    await forgotten;
    return true;
  };
}

export type EndCall = ReturnType<typeof createCallEnding>;
