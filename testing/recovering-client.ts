/* eslint-disable @typescript-eslint/no-explicit-any -- event payloads are read untyped in tests. */
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../protocol/index.js';
import type { Account } from './api-client.js';
import { newDeviceId } from './socket-client.js';

type Received = { event: string; payload: any; seen: boolean };

/**
 * A socket.io-client that behaves like the extension's (websocket only, reconnects by itself, so
 * Socket.IO's connection state recovery applies), recording every server event. Requests are
 * retried by socket.io-client when their ack does not come (a request lost in a cut).
 */
export class RecoveringClient {
  readonly received: Received[] = [];
  /** One entry per (re)connection after the first: whether Socket.IO recovered the session. */
  readonly reconnects: boolean[] = [];
  private waiters: (() => void)[] = [];
  private connections = 0;

  private constructor(
    readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    readonly deviceId: string,
    readonly name: string,
  ) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload, seen: false });
      this.wake();
    });
    socket.on('connect', () => {
      if (this.connections++ > 0) this.reconnects.push(socket.recovered);
      this.wake();
    });
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Connects through `url` and resolves after the first `session` event. */
  static async connect(
    url: string,
    account: Account,
    name = account.user.username,
    deviceId = newDeviceId(),
  ) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(url, {
      transports: ['websocket'],
      auth: { token: account.token, deviceId },
      forceNew: true,
      // The extension reconnects after 0.5-1.5 s (socket.io-client's default); a fixed 0.5 s here.
      reconnectionDelay: 500,
      reconnectionDelayMax: 500,
      randomizationFactor: 0,
      retries: 10,
      ackTimeout: 5_000,
    });
    const client = new RecoveringClient(socket, deviceId, name);
    await client.waitFor('session', () => true, 30_000);
    return client;
  }

  /** Emits with an ack (retried on no answer) and resolves with the result. */
  request(event: keyof ClientToServerEvents, payload: unknown): Promise<AckResult<any>> {
    const emit = this.socket.emitWithAck as unknown as (e: string, p: unknown) => Promise<AckResult<any>>;
    return emit.call(this.socket, event, payload);
  }

  /** Waits for the next unseen event matching `match`, marking it seen. */
  async waitFor(event: string, match: (payload: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((item) => !item.seen && item.event === event && match(item.payload));
      if (found) {
        found.seen = true;
        return found.payload;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `${this.name}: timed out waiting for ${event}; reconnects (recovered?) ${JSON.stringify(this.reconnects)}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Every payload received for an event so far. */
  all(event: string): any[] {
    return this.received.filter((item) => item.event === event).map((item) => item.payload);
  }

  close(): void {
    this.socket.disconnect();
  }
}
