/* eslint-disable @typescript-eslint/no-explicit-any -- test helpers read untyped JSON and event payloads. */
import { randomBytes } from 'node:crypto';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type {
  AckResult,
  ClientToServerEvents,
  ServerToClientEvents,
  SessionEvent,
} from '../protocol/index.js';
import type { Account } from './api-client.js';

/** A fresh random device id, as the extension makes one per browser profile. */
export const newDeviceId = (): string => `dev_${randomBytes(8).toString('hex')}`;

type ServerEvent = keyof ServerToClientEvents;
type EventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];
type Received = { event: string; payload: any; seen: boolean };

/**
 * A real socket.io-client connection that records every server event, so a test can wait for
 * an event that may already have arrived, and assert that another never came.
 */
export class TestClient {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    readonly deviceId: string,
  ) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload, seen: false });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Connects and resolves with the client after the `session` event. */
  static async connect(url: string, account: Account | { token?: string }, deviceId = newDeviceId()) {
    const token = 'token' in account ? account.token : undefined;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(url, {
      transports: ['websocket'],
      auth: { token, deviceId },
      reconnection: false,
      forceNew: true,
    });
    const client = new TestClient(socket, deviceId);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => resolve());
    });
    await client.next('session');
    return client;
  }

  /** The `session` payload this connection received. */
  get session(): SessionEvent {
    return this.received.find((item) => item.event === 'session')?.payload as SessionEvent;
  }

  /** Emits with an ack and resolves with the result. */
  request<E extends keyof ClientToServerEvents>(event: E, payload: unknown): Promise<AckResult<any>> {
    return new Promise((resolve) => {
      (this.socket.emit as (...args: unknown[]) => void)(event, payload, resolve);
    });
  }

  /** Emits without an ack and without type checks, as a misbehaving client would. */
  raw(event: string, payload: unknown): void {
    (this.socket.emit as (...args: unknown[]) => void)(event, payload);
  }

  /** Waits for the next unseen event (optionally matching), marking it seen. */
  async next<E extends ServerEvent>(
    event: E,
    match: (payload: EventPayload<E>) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<EventPayload<E>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((item) => !item.seen && item.event === event && match(item.payload));
      if (found) {
        found.seen = true;
        return found.payload;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${event} on ${this.deviceId}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Every payload received for an event so far. */
  all<E extends ServerEvent>(event: E): EventPayload<E>[] {
    return this.received.filter((item) => item.event === event).map((item) => item.payload);
  }

  /** Resolves when the server disconnects this socket. */
  disconnected(): Promise<string> {
    if (!this.socket.connected) return Promise.resolve('already');
    return new Promise((resolve) => this.socket.once('disconnect', (reason) => resolve(reason)));
  }

  close(): void {
    this.socket.disconnect();
  }

  /** Loses the connection without saying goodbye (as a stopped MV3 worker or a network cut does). */
  drop(): void {
    this.socket.io.reconnection(false);
    this.socket.io.engine.close();
  }
}

/** Tries to connect and resolves with the connect_error message (or 'connected'). */
export function connectError(
  url: string,
  auth: unknown,
  options: { origin?: string; transport?: 'websocket' | 'polling' } = {},
): Promise<string> {
  const socket = connectSocket(url, {
    transports: [options.transport ?? 'websocket'],
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
    auth: auth as object,
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A syntactically plausible SDP of a given size. */
export const fakeSdp = (label = 'offer', size = 200) => `v=0\r\no=- ${label}\r\n`.padEnd(size, 'a');
