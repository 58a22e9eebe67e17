import type { CallEndReason } from '../../protocol/index.js';
import type { CallMeta, CallStore } from '../store/calls.js';
import type { EndCall } from './ending.js';

/**
 * How a call ends when its user acts outside the call (blocks the other party, deletes the account):
 * exactly as if that user had hung up on it, so the other side learns nothing more than that. A
 * ringing call the user made is `cancelled`; one ringing for them is `rejected` (their other devices
 * hear `rejected_elsewhere`), the same words a decline gives, so a block reads as a decline, never as
 * a block; an active call is a plain `hangup`.
 */
export function endReasonFor(call: CallMeta, userId: string): CallEndReason {
  if (call.state === 'active') return 'hangup';
  return call.caller_id === userId ? 'cancelled' : 'rejected';
}

/** Ends the user's live calls (only those with `otherUserId` when given); the ids of those it ended. */
export function createAccountCallEnding(deps: { calls: CallStore; endCall: EndCall }) {
  return async function endCallsOfUser(userId: string, otherUserId?: string): Promise<string[]> {
    const live = await deps.calls.liveCallsOfUser(userId);
    const ended: string[] = [];
    for (const call of live) {
      if (otherUserId && call.caller_id !== otherUserId && call.callee_id !== otherUserId) continue;
      if (await deps.endCall(call, endReasonFor(call, userId))) ended.push(call.id);
    }
    return ended;
  };
}

export type EndCallsOfUser = ReturnType<typeof createAccountCallEnding>;
