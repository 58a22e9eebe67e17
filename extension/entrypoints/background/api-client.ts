/** HTTP calls to the Ringside server, validated against the protocol's response schemas. */
import type * as z from 'zod/mini';
import {
  AddContactResponseSchema,
  AuthResponseSchema,
  CallHistoryResponseSchema,
  ContactsResponseSchema,
  ErrorBodySchema,
  IceServersResponseSchema,
  MeResponseSchema,
  SessionsResponseSchema,
} from '../../../protocol';
import type { FailureCode } from '../../lib/messages';

/** An HTTP failure carrying the server's error code (or `network`/`invalid_response`). */
export class ApiRequestError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** Normalize what the user typed as the server URL (no trailing slash). */
export function normalizeServerUrl(url: string): string {
  return new URL(url).origin;
}

async function request<S extends z.ZodMiniType>(
  serverUrl: string,
  token: string | null,
  method: string,
  path: string,
  schema: S | null,
  body?: unknown,
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError('network', 'Cannot reach the server');
  }
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = ErrorBodySchema.safeParse(json);
    throw error.success
      ? new ApiRequestError(error.data.error.code, error.data.error.message)
      : new ApiRequestError('invalid_response', `HTTP ${response.status}`);
  }
  if (!schema) return undefined as z.infer<S>;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiRequestError('invalid_response', 'Unexpected server response');
  return parsed.data;
}

/** The endpoints of PROTOCOL.md bound to a server and a token. */
export function createApiClient(serverUrl: string, token: string | null) {
  return {
    register: (body: { username: string; password: string; displayName?: string; deviceName?: string }) =>
      request(serverUrl, null, 'POST', '/api/auth/register', AuthResponseSchema, body),
    login: (body: { username: string; password: string; deviceName?: string }) =>
      request(serverUrl, null, 'POST', '/api/auth/login', AuthResponseSchema, body),
    logout: () => request(serverUrl, token, 'POST', '/api/auth/logout', null),
    me: () => request(serverUrl, token, 'GET', '/api/me', MeResponseSchema),
    setDnd: (dnd: boolean) => request(serverUrl, token, 'PUT', '/api/me/dnd', null, { dnd }),
    contacts: () => request(serverUrl, token, 'GET', '/api/contacts', ContactsResponseSchema),
    addContact: (username: string) =>
      request(serverUrl, token, 'POST', '/api/contacts', AddContactResponseSchema, { username }),
    removeContact: (userId: string) =>
      request(serverUrl, token, 'DELETE', `/api/contacts/${encodeURIComponent(userId)}`, null),
    callHistory: () => request(serverUrl, token, 'GET', '/api/calls?limit=30', CallHistoryResponseSchema),
    iceServers: () => request(serverUrl, token, 'GET', '/api/ice-servers', IceServersResponseSchema),
    blockUser: (userId: string) =>
      request(serverUrl, token, 'POST', `/api/contacts/${encodeURIComponent(userId)}/block`, null),
    unblockUser: (userId: string) =>
      request(serverUrl, token, 'DELETE', `/api/contacts/${encodeURIComponent(userId)}/block`, null),
    sessions: () => request(serverUrl, token, 'GET', '/api/me/sessions', SessionsResponseSchema),
    signOutSession: (sessionId: string) =>
      request(serverUrl, token, 'DELETE', `/api/me/sessions/${encodeURIComponent(sessionId)}`, null),
    changePassword: (body: { currentPassword: string; newPassword: string }) =>
      request(serverUrl, token, 'PUT', '/api/me/password', null, body),
    deleteAccount: (password: string) => request(serverUrl, token, 'DELETE', '/api/me', null, { password }),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
