import * as z from 'zod/mini';
import { DisplayNameSchema, IdSchema, PasswordSchema } from './schemas.js';

// Account management (issue 11): change password, signed-in devices, delete the account.

/** A name for this device the client may send at sign-in (same character rules as a display name). */
export const DeviceNameSchema = DisplayNameSchema;

/** A password as typed to prove who you are: any length a real one can have (no policy on old ones). */
const CurrentPasswordSchema = z.string().check(z.minLength(1), z.maxLength(256));

/** `PUT /api/me/password`: the current password, and the new one (8-256 characters). */
export const ChangePasswordBodySchema = z.object({
  currentPassword: CurrentPasswordSchema,
  newPassword: PasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

/** `DELETE /api/me`: the password, so a stolen token alone cannot delete the account. */
export const DeleteAccountBodySchema = z.object({ password: CurrentPasswordSchema });
export type DeleteAccountBody = z.infer<typeof DeleteAccountBodySchema>;

/** One signed-in device (a live session) in `GET /api/me/sessions`. */
export const DeviceSessionSchema = z.object({
  /** Public id of the session: what `DELETE /api/me/sessions/:sessionId` takes. Never the token. */
  id: IdSchema,
  /** The device name sent at sign-in, or one read from the User-Agent ("Chrome on Linux"). */
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
  /** The session of the token that asked. */
  current: z.boolean(),
});
export type DeviceSession = z.infer<typeof DeviceSessionSchema>;

export const SessionsResponseSchema = z.object({ sessions: z.array(DeviceSessionSchema) });
export type SessionsResponse = z.infer<typeof SessionsResponseSchema>;

/** Why the server ended this socket's session (`session:revoked`, just before it disconnects it). */
export const SessionRevokedReasonSchema = z.enum(['signed_out', 'password_changed', 'account_deleted']);
export type SessionRevokedReason = z.infer<typeof SessionRevokedReasonSchema>;

export const SessionRevokedSchema = z.object({ reason: SessionRevokedReasonSchema });
export type SessionRevoked = z.infer<typeof SessionRevokedSchema>;
