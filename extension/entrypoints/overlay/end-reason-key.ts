/** The message (extension/locales `ended.*`) the overlay shows for each end reason (ui-contract.md). */
import type { LocalEndReason } from '../../lib/call-state';

export const endReasonKey = {
  hangup: 'ended.hangup',
  rejected: 'ended.declined',
  declined: 'ended.declined',
  rejected_elsewhere: 'ended.declined',
  cancelled: 'ended.cancelled',
  timeout: 'ended.noAnswer',
  busy: 'ended.busy',
  unavailable: 'ended.unavailable',
  answered_elsewhere: 'ended.answeredElsewhere',
  media_failed: 'ended.mediaFailed',
  ice_failed: 'ended.connectionLost',
  peer_lost: 'ended.connectionLost',
  failed: 'ended.failed',
} as const satisfies Record<LocalEndReason, `ended.${string}`>;
