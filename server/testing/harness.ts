/* eslint-disable @typescript-eslint/no-explicit-any -- test helpers read untyped JSON and event payloads. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { User } from '../../protocol/index.js';
import { createServer, type RingsideServer } from '../app.js';
import { loadConfig, type Env } from '../config.js';

/** Test-friendly environment: fast scrypt, quiet logs, a temp SQLite file. */
export function testEnv(dir: string, overrides: Env = {}): Env {
  return {
    PORT: '0',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SCRYPT_LOG_N: '10',
    REGISTER_RATE_MAX: '1000',
    RING_TIMEOUT_S: '30',
    RECONNECT_GRACE_S: '30',
    ...overrides,
  };
}

export interface TestServer {
  server: RingsideServer;
  url: string;
  port: number;
  dir: string;
  env: Env;
  /** Closes the server; the data directory stays (for restart tests) until `cleanup`. */
  close(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Starts a real server on port 0 with a fresh temp data dir (or the given one, to restart on the same DB). */
export async function startTestServer(overrides: Env = {}, dir?: string): Promise<TestServer> {
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'ringside-test-'));
  const env = testEnv(dataDir, overrides);
  const server = await createServer(loadConfig(env), { logger: pino({ level: 'silent' }) });
  const { port, url } = await server.listen();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
  };
  return {
    server,
    url,
    port,
    dir: dataDir,
    env,
    close,
    async cleanup() {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch JSON against the server; returns status and parsed body (or null). */
export async function api(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
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

export interface Account {
  token: string;
  user: User;
}

let accountCounter = 0;
/** Registers a fresh account with a unique username (prefix + counter). */
export async function register(url: string, prefix = 'user', displayName?: string): Promise<Account> {
  const username = `${prefix}${++accountCounter}_${randomBytes(2).toString('hex')}`;
  const { status, body } = await api(url, 'POST', '/api/auth/register', {
    body: { username, password: 'correct horse', ...(displayName ? { displayName } : {}) },
  });
  if (status !== 201) throw new Error(`register failed: ${status} ${JSON.stringify(body)}`);
  return body as Account;
}

/** Makes two accounts mutual contacts. */
export async function befriend(url: string, a: Account, b: Account): Promise<void> {
  const first = await api(url, 'POST', '/api/contacts', {
    token: a.token,
    body: { username: b.user.username },
  });
  const second = await api(url, 'POST', '/api/contacts', {
    token: b.token,
    body: { username: a.user.username },
  });
  if (first.status !== 201 || second.status !== 200) throw new Error('befriend failed');
}

export const newDeviceId = (): string => `dev_${randomBytes(8).toString('hex')}`;
