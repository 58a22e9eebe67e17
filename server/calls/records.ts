import type { CallDirection, CallRecord, CallStatus, CallView, User } from '../../protocol/index.js';
import { CallQualitySummarySchema } from '../../protocol/index.js';
import type { CallMeta, CallRow } from '../store/calls.js';

/** The call's direction as seen by `userId`. */
export const directionFor = (call: CallMeta, userId: string): CallDirection =>
  call.caller_id === userId ? 'outgoing' : 'incoming';

/** The history status of a call for one party. A call cancelled before answer is `missed` for the callee. */
export function statusOf(call: CallMeta, direction: CallDirection): CallStatus {
  if (call.answered_at) return 'answered';
  switch (call.end_reason) {
    case 'timeout':
      return 'missed';
    case 'rejected':
    case 'rejected_elsewhere':
      return 'rejected';
    case 'cancelled':
      return direction === 'incoming' ? 'missed' : 'cancelled';
    case 'busy':
      return 'busy';
    case 'unavailable':
      return 'unavailable';
    default:
      return 'failed';
  }
}

export function toCallRecord(call: CallMeta, userId: string, peer: User): CallRecord {
  const direction = directionFor(call, userId);
  return {
    id: call.id,
    peer,
    direction,
    media: call.media,
    status: statusOf(call, direction),
    startedAt: call.created_at,
    answeredAt: call.answered_at,
    endedAt: call.ended_at,
    endReason: call.end_reason,
    ...qualityOf(call),
  };
}

/** The stored quality summary, when the hanging-up client sent a valid one. */
function qualityOf(call: CallMeta): Pick<CallRecord, 'quality'> {
  if (!call.quality) return {};
  try {
    const parsed = CallQualitySummarySchema.safeParse(JSON.parse(call.quality));
    return parsed.success ? { quality: parsed.data } : {};
  } catch {
    return {};
  }
}

/** A live call as listed in the `session` event; ringing incoming calls carry the offer and expiry. */
export function toCallView(call: CallRow, userId: string, peer: User): CallView {
  const direction = directionFor(call, userId);
  const state = call.state === 'active' ? 'active' : 'ringing';
  const view: CallView = {
    callId: call.id,
    peer,
    direction,
    media: call.media,
    state,
    since: call.answered_at ?? call.created_at,
  };
  if (state === 'ringing') {
    view.expiresAt = call.expires_at;
    if (direction === 'incoming') view.sdp = call.offer_sdp;
  }
  return view;
}
