import type { CallEndReason } from '../../protocol/index.js';
import type { CallMeta } from '../store/calls.js';
import { notifyEnded } from './notify.js';
import type { Device } from './parties.js';
import type { CallPartyCache } from './party-cache.js';
import type { CallDelivery, PresenceNotifier } from './ports.js';
import type { CallStateMachine } from './state-machine.js';

/** Ending a call, whoever asks (a verb, a ring timeout, a lost peer): the one place that notifies. */
export function createCallEnding(deps: {
  machine: CallStateMachine;
  partyCache: CallPartyCache;
  delivery: CallDelivery;
  presence: PresenceNotifier;
  clearRing: (callId: string) => void;
}) {
  const { machine, partyCache, delivery, presence } = deps;

  /** Ends a call once (whoever wins the conditional UPDATE notifies) and refreshes presence. */
  return async function endCall(call: CallMeta, reason: CallEndReason, endedBy?: Device): Promise<boolean> {
    if (!(await machine.end(call, reason))) return false;
    // Forgotten on this node at once (before any other await); the other nodes acknowledge before
    // this end is acknowledged to anyone, so no node relays for the call after that.
    const forgotten = partyCache.ended(call.id);
    deps.clearRing(call.id);
    notifyEnded(delivery, call, reason, endedBy);
    if (call.state === 'active')
      await Promise.all([presence.broadcast(call.caller_id), presence.broadcast(call.callee_id)]);
    await forgotten;
    return true;
  };
}

export type EndCall = ReturnType<typeof createCallEnding>;
