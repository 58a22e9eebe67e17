/* eslint-disable @typescript-eslint/no-explicit-any -- `api` probes the server and returns whatever JSON it sent. */
import { randomBytes } from 'node:crypto';
import {
  AuthResponseSchema,
  CallHistoryResponseSchema,
  ContactsResponseSchema,
  type AuthResponse,
  type CallRecord,
  type ContactsResponse,
  type User,
} from '../protocol/index.js';

/** A user's session as register and login return it (`{token, user}`). */
export type Account = AuthResponse;
export type { CallRecord, ContactsResponse, User };

export interface ApiOptions {
  token?: string;
  body?: unknown;
  /** Sent as is instead of `body` (malformed JSON, oversized bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** One HTTP request to the server; the status and the parsed JSON body (null when empty), unchecked. */
export async function api(
  url: string,
  method: string,
  path: string,
  options: ApiOptions = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** `api`, but throws unless the status is one of `allowed`; the body as the server sent it. */
async function expectApi(what: string, allowed: number[], ...request: Parameters<typeof api>) {
  const response = await api(...request);
  if (!allowed.includes(response.status))
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as unknown;
}

/** Registers an account (POST /api/auth/register, 201). */
export async function registerAccount(
  url: string,
  body: { username: string; password: string; displayName?: string },
): Promise<Account> {
  const created = await expectApi(`register ${body.username}`, [201], url, 'POST', '/api/auth/register', {
    body,
  });
  return AuthResponseSchema.parse(created);
}

let accountCounter = 0;
/** Registers a fresh account with a unique username (prefix + counter + random). */
export async function register(url: string, prefix = 'user', displayName?: string): Promise<Account> {
  const username = `${prefix}${++accountCounter}_${randomBytes(2).toString('hex')}`;
  return registerAccount(url, {
    username,
    password: 'correct horse',
    ...(displayName ? { displayName } : {}),
  });
}

/** Logs in (POST /api/auth/login, 200). */
export async function loginAccount(url: string, username: string, password: string): Promise<Account> {
  const body = await expectApi(`login ${username}`, [200], url, 'POST', '/api/auth/login', {
    body: { username, password },
  });
  return AuthResponseSchema.parse(body);
}

/** Makes two users mutual contacts: a request one way (201), the acceptance the other way (200). */
export async function makeMutualContacts(
  url: string,
  a: { token: string; username: string },
  b: { token: string; username: string },
): Promise<void> {
  const add = (from: typeof a, to: typeof b, status: number) =>
    expectApi(`contact ${from.username} -> ${to.username}`, [status], url, 'POST', '/api/contacts', {
      token: from.token,
      body: { username: to.username },
    });
  await add(a, b, 201);
  await add(b, a, 200);
}

/** Makes two accounts mutual contacts. */
export async function befriend(url: string, a: Account, b: Account): Promise<void> {
  await makeMutualContacts(
    url,
    { token: a.token, username: a.user.username },
    { token: b.token, username: b.user.username },
  );
}

/** The user's call history, newest first (GET /api/calls). */
export async function callHistory(url: string, token: string, limit = 20): Promise<CallRecord[]> {
  const body = await expectApi('call history', [200], url, 'GET', `/api/calls?limit=${limit}`, { token });
  return CallHistoryResponseSchema.parse(body).calls;
}

/** The user's contacts with presence and pending requests (GET /api/contacts). */
export async function contactsOf(url: string, token: string): Promise<ContactsResponse> {
  return ContactsResponseSchema.parse(
    await expectApi('contacts', [200], url, 'GET', '/api/contacts', { token }),
  );
}

/** Whether `token` is a live session token (GET /api/me answers 200). */
export async function isLiveToken(url: string, token: string): Promise<boolean> {
  return (await api(url, 'GET', '/api/me', { token })).status === 200;
}
