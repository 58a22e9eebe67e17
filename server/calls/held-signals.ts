import { limits, type CallSignal } from '../../protocol/index.js';
import { callerDevice, calleeDevice, sameDevice, type CallParties, type Device } from './parties.js';
import type { CallDelivery, CallNodes } from './ports.js';

/** A held entry outlives its call's ring by this much, then is dropped (an end elsewhere we missed). */
const GRACE_AFTER_RING_MS = 10_000;
const PRUNE_INTERVAL_MS = 15_000;
/** For an entry started without the call's expiry at hand (longer than any ring). */
const UNKNOWN_RING_TTL_MS = 10 * 60_000;

interface Ringing {
  caller: Device;
  signals: CallSignal[];
  until: number;
}

/**
 * The caller's signals of a ringing call, held in the memory of the node the caller's socket is on
 * (bounded; extras are dropped) and delivered in order, only to the device that accepts: no callee
 * device learns the caller's network addresses before the user says yes. Nothing goes to the
 * database. The node where the accept wins flushes what it holds and tells the other nodes
 * (`calls:accepted`, before it sends `call:accepted`), so whichever node holds them flushes them,
 * and from then on relays directly.
 */
export function createHeldSignals(deps: {
  delivery: CallDelivery;
  nodes: CallNodes;
  /** Called on every node for a call accepted on any node (fills the relay's party cache). */
  onAccepted: (callId: string, parties: CallParties) => void;
  now?: () => number;
}) {
  const { delivery, nodes } = deps;
  const now = deps.now ?? Date.now;
  const ringing = new Map<string, Ringing>();

  function flushTo(callId: string, accepter: Device): void {
    const entry = ringing.get(callId);
    ringing.delete(callId);
    for (const signal of entry?.signals ?? []) delivery.toDevices([accepter], 'call:signal', signal);
  }

  function acceptedHere(callId: string, parties: CallParties): void {
    deps.onAccepted(callId, parties);
    const accepter = calleeDevice(parties);
    if (accepter) flushTo(callId, accepter);
  }
  nodes.onCallAccepted(acceptedHere);

  const pruner = setInterval(() => {
    const at = now();
    for (const [id, entry] of ringing) if (entry.until <= at) ringing.delete(id);
  }, PRUNE_INTERVAL_MS);
  pruner.unref();

  return {
    /** The call rings with its caller's socket on this node: hold its signals here. */
    ringing(call: CallParties & { id: string; expires_at: string }): void {
      ringing.set(call.id, {
        caller: callerDevice(call),
        signals: [],
        until: Date.parse(call.expires_at) + GRACE_AFTER_RING_MS,
      });
    },

    /** Whether `from` is the caller of a call this node holds signals for (it is still ringing). */
    isRingingFrom(callId: string, from: Device): boolean {
      const entry = ringing.get(callId);
      return !!entry && sameDevice(entry.caller, from);
    },

    /**
     * Holds a signal of a ringing call from its caller's device for the device that will accept it
     * (a caller whose socket moved to this node after the invite starts a new entry here).
     */
    hold(signal: CallSignal, caller: Device): void {
      let entry = ringing.get(signal.callId);
      if (!entry) {
        entry = { caller, signals: [], until: now() + UNKNOWN_RING_TTL_MS };
        ringing.set(signal.callId, entry);
      }
      if (entry.signals.length < limits.maxHeldCandidates) entry.signals.push(signal);
    },

    /**
     * The accept won: flush what this node holds, then (`tell`, on the node where it won) tell the
     * other nodes, which fill their party cache and flush theirs. Called before `call:accepted` is
     * sent. `tell` is false when this node learnt of the accept from the database itself.
     */
    accepted(callId: string, parties: CallParties, tell = true): void {
      acceptedHere(callId, parties);
      if (tell) nodes.callAccepted(callId, parties);
    },

    /** The call ended (or never rang): drop what is held. */
    drop(callId: string): void {
      ringing.delete(callId);
    },

    /** Calls held for (tests). */
    size: () => ringing.size,

    stop(): void {
      clearInterval(pruner);
    },
  };
}

export type HeldSignals = ReturnType<typeof createHeldSignals>;
