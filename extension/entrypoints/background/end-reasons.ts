/** How failed acks map to the end reason the user sees. */
import type { ErrorCode } from '../../../protocol';
import type { LocalEndReason } from '../../lib/call-state';

/** A refused `call:invite`. */
export function inviteErrorReason(code: ErrorCode): LocalEndReason {
  switch (code) {
    case 'busy':
    case 'already_in_call':
      return 'busy';
    case 'unavailable':
    case 'dnd':
      return 'unavailable';
    default:
      return 'failed';
  }
}

/** A refused `call:accept`. */
export function mapAckFailure(code: ErrorCode): LocalEndReason {
  if (code === 'answered_elsewhere') return 'answered_elsewhere';
  if (code === 'ended' || code === 'not_found') return 'cancelled';
  return 'failed';
}
