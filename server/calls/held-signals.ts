import { CallSignalSchema, limits, type CallSignal } from '../../protocol/index.js';
import type { CallStore } from '../store/calls.js';
import type { Device } from './parties.js';
import type { CallDelivery } from './ports.js';

let heldSequence = 0;
/** Sort key for held signals: one caller socket sends them, so per-process order is the send order. */
const nextHeldSeq = () =>
  `${Date.now().toString().padStart(15, '0')}-${(heldSequence++ % 1e9).toString().padStart(9, '0')}`;

/**
 * The caller's signals of a ringing call, held in the database (bounded; extras are dropped) and
 * delivered in order, only to the device that accepts: no callee device learns the caller's network
 * addresses before the user says yes.
 */
export function createHeldSignals(deps: { calls: CallStore; delivery: CallDelivery }) {
  const { calls, delivery } = deps;

  /** Delivers the held signals of the call to the accepting device (and forgets them). */
  async function flushTo(callId: string, accepter: Device): Promise<void> {
    for (const held of await calls.takeHeldSignals(callId)) {
      // Written by `hold` from a validated signal; re-checked since it comes back from storage.
      const signal = CallSignalSchema.safeParse(JSON.parse(held));
      if (signal.success) delivery.toDevices([accepter], 'call:signal', signal.data);
    }
  }

  return {
    flushTo,

    /** Holds a signal of a ringing call for the device that will accept it. */
    async hold(signal: CallSignal): Promise<void> {
      await calls.holdSignal(signal.callId, nextHeldSeq(), JSON.stringify(signal), limits.maxHeldCandidates);
      // An accept may have landed between the caller's read and this insert, after it flushed the
      // held signals: flush again so this one is not stranded.
      const current = await calls.byId(signal.callId);
      if (current?.state === 'active' && current.callee_device)
        await flushTo(signal.callId, { userId: current.callee_id, deviceId: current.callee_device });
    },
  };
}

export type HeldSignals = ReturnType<typeof createHeldSignals>;
