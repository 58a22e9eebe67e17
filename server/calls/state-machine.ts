import type { Logger } from 'pino';
import type { CallEndReason } from '../../protocol/index.js';
import type { Metrics } from '../metrics.js';
import type { CallMeta, CallRow, CallStore } from '../store/calls.js';
import type { CallRef, Device } from './parties.js';
import type { CallState } from '../store/schema.js';

/**
 * The server-side call lifecycle. Every state change of a call happens in this file, as an atomic
 * conditional UPDATE (compare-and-set on `state`), and is logged with the call id:
 *
 *   (new) --ring--> ringing --accept--> active --end--> ended
 *     \                \------------------------end--> ended
 *      \--refuse (busy | unavailable)------------------> ended
 *
 * Because the UPDATE only matches the expected `from` state, exactly one node wins a race
 * (first accept wins; a timeout and a hangup end a call once).
 */
export const transitions = {
  ring: { from: [], to: 'ringing' },
  refuse: { from: [], to: 'ended' },
  accept: { from: ['ringing'], to: 'active' },
  end: { from: ['ringing', 'active'], to: 'ended' },
} as const satisfies Record<string, { from: readonly CallState[]; to: CallState }>;

export function createCallStateMachine(deps: { calls: CallStore; logger: Logger; metrics: Metrics }) {
  const { calls, logger, metrics } = deps;
  const log = (call: CallRef, to: CallState, fields: Record<string, unknown> = {}) => {
    metrics.callTransitions.inc({ to });
    logger.info(
      { callId: call.id, callerId: call.caller_id, calleeId: call.callee_id, to, ...fields },
      'call transition',
    );
  };

  return {
    /** Records a new ringing call, unless either user is already in a live call (checked atomically). */
    async ring(call: CallRow): Promise<'ringing' | 'caller_in_call' | 'callee_in_call'> {
      const outcome = await calls.insertRinging({ ...call, state: transitions.ring.to });
      if (outcome === 'ringing') log(call, 'ringing', { media: call.media, expiresAt: call.expires_at });
      return outcome;
    },

    /** Records an invite that never rang (the callee was busy or had no device online). */
    async refuse(call: CallRow, reason: 'busy' | 'unavailable'): Promise<void> {
      await calls.insert({
        ...call,
        state: transitions.refuse.to,
        ended_at: call.created_at,
        end_reason: reason,
      });
      metrics.callsEnded.inc({ reason });
      log(call, 'ended', { reason });
    },

    /**
     * ringing -> active for the accepting device, if it is the callee's and the ring has not expired:
     * one conditional UPDATE. The call as it is now, or undefined when this accept did not win.
     */
    async accept(callId: string, by: Device): Promise<CallMeta | undefined> {
      const answered = await calls.acceptRinging(callId, by.userId, by.deviceId, new Date().toISOString());
      if (answered) log(answered, transitions.accept.to, { calleeDevice: by.deviceId });
      return answered;
    },

    /**
     * ringing|active -> ended; false when the call was not in one of `from` (already ended, or moved on).
     * One UPDATE, which also frees both users' call locks (trigger) and stores `quality` when given.
     */
    async end(
      call: CallRef,
      reason: CallEndReason,
      from: CallState[] = [...transitions.end.from],
      quality?: string,
    ): Promise<boolean> {
      const won = await calls.compareAndSet(call.id, from, {
        state: transitions.end.to,
        ended_at: new Date().toISOString(),
        end_reason: reason,
        ...(quality !== undefined && { quality }),
      });
      if (won) {
        metrics.callsEnded.inc({ reason });
        log(call, 'ended', { reason, from: call.state });
      }
      return won;
    },
  };
}

export type CallStateMachine = ReturnType<typeof createCallStateMachine>;
