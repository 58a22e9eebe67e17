import * as z from 'zod/mini';

/** Every error code a client can receive, over HTTP (`{error:{code,message}}`) or in a socket ack. */
export const errorCodes = [
  // generic
  'invalid',
  'unauthorized',
  'rate_limited',
  'not_found',
  'internal',
  // request guards (additions): a body that is not application/json, a browser origin not in CORS_ORIGINS,
  // a socket beyond the per-user cap (the connect_error message)
  'unsupported_media_type',
  'origin_not_allowed',
  'too_many_sockets',
  // accounts
  'username_taken',
  'invalid_credentials',
  // account management (additions): the current password given to change it or delete the account is wrong
  'wrong_password',
  // contacts
  'user_not_found',
  'already_contact',
  // calls
  'not_contact',
  'unavailable',
  'busy',
  'dnd',
  'glare',
  'already_in_call',
  'answered_elsewhere',
  'ended',
  'not_party',
  // call:record (addition, issue 15): the call is not active yet (still ringing)
  'not_active',
] as const;

export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** The error object carried by HTTP error bodies and failed acks. `callId` is set for `glare`. */
export const ApiErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  callId: z.optional(z.string()),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const ErrorBodySchema = z.object({ error: ApiErrorSchema });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
