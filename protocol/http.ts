import * as z from 'zod/mini';
import {
  CallRecordSchema,
  ContactSchema,
  DisplayNameSchema,
  IceServerSchema,
  PasswordSchema,
  UserSchema,
  UsernameSchema,
} from './schemas.js';
import { DeviceNameSchema } from './account.js';
import { limits } from './limits.js';

export const RegisterBodySchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  displayName: z.optional(DisplayNameSchema),
  /** Addition: a name for this device in the devices list (else one is read from the User-Agent). */
  deviceName: z.optional(DeviceNameSchema),
});
export type RegisterBody = z.infer<typeof RegisterBodySchema>;

export const LoginBodySchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  /** Addition: a name for this device in the devices list (else one is read from the User-Agent). */
  deviceName: z.optional(DeviceNameSchema),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const AuthResponseSchema = z.object({ token: z.string(), user: UserSchema });
export type AuthResponse = z.infer<typeof AuthResponseSchema>;

/** `dnd` is an addition: whether do-not-disturb is on for this user. */
export const MeResponseSchema = z.object({ user: UserSchema, dnd: z.boolean() });
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const AddContactBodySchema = z.object({ username: UsernameSchema });
export type AddContactBody = z.infer<typeof AddContactBodySchema>;

export const ContactsResponseSchema = z.object({
  contacts: z.array(ContactSchema),
  incoming: z.array(UserSchema),
  outgoing: z.array(UserSchema),
  /** Addition: the users this user blocked (`POST /api/contacts/:userId/block`). */
  blocked: z.optional(z.array(UserSchema)),
});
export type ContactsResponse = z.infer<typeof ContactsResponseSchema>;

/** 201 when a request was sent (`{request: user}`), 200 `{contact}` when it completed a mutual pair. */
export const AddContactResponseSchema = z.union([
  z.object({ contact: ContactSchema }),
  z.object({ request: UserSchema }),
]);
export type AddContactResponse = z.infer<typeof AddContactResponseSchema>;

export const CallHistoryQuerySchema = z.object({
  limit: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(limits.maxCallHistoryPage)),
    limits.defaultCallHistoryPage,
  ),
  /** ISO timestamp: only calls started before it (for paging). */
  before: z.optional(z.iso.datetime()),
});
export type CallHistoryQuery = z.infer<typeof CallHistoryQuerySchema>;

export const CallHistoryResponseSchema = z.object({ calls: z.array(CallRecordSchema) });
export type CallHistoryResponse = z.infer<typeof CallHistoryResponseSchema>;

export const IceServersResponseSchema = z.object({
  iceServers: z.array(IceServerSchema),
  /** Seconds the TURN credentials stay valid. */
  ttl: z.number(),
  /** Addition: `relay` when the server requires TURN-only connectivity (RTCConfiguration.iceTransportPolicy). */
  iceTransportPolicy: z._default(z.enum(['all', 'relay']), 'all'),
});
export type IceServersResponse = z.infer<typeof IceServersResponseSchema>;

/** Addition: `PUT /api/me/dnd` toggles do-not-disturb; presence of all contacts updates. */
export const SetDndBodySchema = z.object({ dnd: z.boolean() });
export type SetDndBody = z.infer<typeof SetDndBodySchema>;
