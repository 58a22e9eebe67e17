/** The message key (extension/locales `failure.*`) the popup shows for each failure code: every code has words. */
import { i18n } from '#i18n';
import type { FailureCode } from '../../lib/messages';

export const failureText = {
  // accounts and forms
  invalid: 'failure.invalid',
  unauthorized: 'failure.unauthorized',
  invalid_credentials: 'failure.invalid_credentials',
  wrong_password: 'failure.wrong_password',
  username_taken: 'failure.username_taken',
  rate_limited: 'failure.rate_limited',
  server_pinned: 'failure.server_pinned',
  // contacts
  user_not_found: 'failure.user_not_found',
  already_contact: 'failure.already_contact',
  not_contact: 'failure.not_contact',
  not_found: 'failure.not_found',
  // the server and the connection
  network: 'failure.network',
  offline: 'failure.offline',
  invalid_response: 'failure.invalid_response',
  internal: 'failure.internal',
  unreachable: 'failure.unreachable',
  forbidden: 'failure.forbidden',
  unsupported_media_type: 'failure.unsupported_media_type',
  origin_not_allowed: 'failure.origin_not_allowed',
  too_many_sockets: 'failure.too_many_sockets',
  // placing and answering calls
  already_in_call: 'failure.already_in_call',
  busy: 'failure.busy',
  unavailable: 'failure.unavailable',
  dnd: 'failure.dnd',
  glare: 'failure.glare',
  not_party: 'failure.not_party',
  not_ringing: 'failure.not_ringing',
  no_call: 'failure.no_call',
  ended: 'failure.ended',
  answered_elsewhere: 'failure.answered_elsewhere',
  // how a call ended (lib/call-state.ts)
  hangup: 'failure.hangup',
  rejected: 'failure.rejected',
  declined: 'failure.declined',
  rejected_elsewhere: 'failure.rejected_elsewhere',
  cancelled: 'failure.cancelled',
  timeout: 'failure.timeout',
  media_failed: 'failure.media_failed',
  no_such_track: 'failure.no_such_track',
  share_cancelled: 'failure.share_cancelled',
  share_failed: 'failure.share_failed',
  not_active: 'failure.not_active',
  already_recording: 'failure.already_recording',
  no_recording: 'failure.no_recording',
  recording_failed: 'failure.recording_failed',
  ice_failed: 'failure.ice_failed',
  peer_lost: 'failure.peer_lost',
  failed: 'failure.failed',
} as const satisfies Record<FailureCode, `failure.${FailureCode}`>;

/** The words the popup shows for a failure code, in the browser's language. */
export function failureMessage(code: FailureCode): string {
  return i18n.t(failureText[code]);
}
