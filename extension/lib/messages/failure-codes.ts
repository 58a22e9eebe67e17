/**
 * The one list of codes a failed message answer may carry: the server's protocol codes, the
 * local call end reasons, and what the extension's own contexts refuse with. Exception text
 * never goes in a failure: the context that caught it logs it and answers `internal`.
 */
import * as z from 'zod/mini';
import { CallEndReasonSchema, errorCodes } from '../../../protocol';

/** Codes that only the extension's contexts produce. */
const localFailureCodes = [
  // a local end reason beyond the server's (lib/call-state.ts)
  'failed',
  'declined',
  // the API client (background/api-client.ts)
  'network',
  'invalid_response',
  // the call controller
  'offline',
  'not_ringing',
  'no_call',
  // the message channels
  'forbidden',
  'unreachable',
  // the offscreen document
  'no_such_track',
  // screen share (issue 14): the picker was dismissed, or capture failed
  'share_cancelled',
  'share_failed',
  // recording with consent (issue 15): one at a time, nothing to answer or stop, the recorder failed
  'already_recording',
  'no_recording',
  'recording_failed',
  // sign-in to a server other than the one a managed policy pins (lib/server-policy.ts)
  'server_pinned',
] as const;

export const FailureCodeSchema = z.enum([
  ...errorCodes,
  ...CallEndReasonSchema.options,
  ...localFailureCodes,
]);
export type FailureCode = z.infer<typeof FailureCodeSchema>;
