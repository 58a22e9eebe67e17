/** What the popup says for each failure code: every code has words, so a new code must get some. */
import type { FailureCode } from '../../lib/messages';

export const failureText: Record<FailureCode, string> = {
  // accounts and forms
  invalid: 'Check the fields: username 3-32 of a-z 0-9 _ . - and a password of at least 8 characters.',
  unauthorized: 'You are signed out. Sign in again.',
  invalid_credentials: 'Wrong username or password.',
  username_taken: 'That username is taken.',
  rate_limited: 'Too many attempts. Try again in a minute.',
  server_pinned: 'Your organization set the server for Ringside: sign in to that one.',
  // contacts
  user_not_found: 'No user with that username.',
  already_contact: 'Already a contact.',
  not_contact: 'That user is not one of your contacts.',
  not_found: 'Not found. It may have been removed.',
  // the server and the connection
  network: 'Cannot reach the server.',
  offline: 'Not connected to the server.',
  invalid_response: 'The server gave an answer Ringside does not understand.',
  internal: 'Something went wrong. Try again.',
  unreachable: 'Ringside is not responding. Try again.',
  forbidden: 'That action is not allowed from here.',
  unsupported_media_type: 'The server refused the request format. Update Ringside.',
  origin_not_allowed: 'The server does not accept requests from this origin.',
  too_many_sockets: 'Signed in on too many windows or devices. Close one and try again.',
  // placing and answering calls
  already_in_call: 'You are already in a call.',
  busy: 'Busy.',
  unavailable: 'Unavailable.',
  dnd: 'Unavailable.',
  glare: 'You were calling each other at the same moment. Try again.',
  not_party: 'That call is not yours.',
  not_ringing: 'That call is no longer ringing.',
  no_call: 'There is no call.',
  ended: 'The call has ended.',
  answered_elsewhere: 'Answered on another device.',
  // how a call ended (lib/call-state.ts)
  hangup: 'Call ended.',
  rejected: 'Declined.',
  declined: 'Declined.',
  rejected_elsewhere: 'Declined on another device.',
  cancelled: 'Cancelled.',
  timeout: 'No answer.',
  media_failed: 'Camera or microphone blocked.',
  no_such_track: 'That device is not in use.',
  ice_failed: 'Connection lost.',
  peer_lost: 'Connection lost.',
  failed: 'Call failed.',
};
