/**
 * Test doubles for the call core's ports (used by the controller specs only): a signaling fake
 * that records emits and answers them from a script (or holds them until released), and an
 * offscreen fake that answers offers and answers at once.
 */
import type { CallIncoming, User } from '../../../protocol';
import type { Logger } from '../../lib/log';
import type { CallDeps, MediaPort, SignalingPort } from './call/call-ports';

type Emitted = { event: string; payload: Record<string, unknown> };
type Ack =
  { ok: true; callId?: string } | { ok: false; error: { code: string; message: string; callId?: string } };

export class FakeSignaling {
  readonly emitted: Emitted[] = [];
  /** Acks by event name; default `{ ok: true }`. */
  readonly acks = new Map<string, Ack>();
  /** Events whose ack waits until `release(event)`. */
  readonly #held = new Map<string, () => void>();
  readonly #holding = new Set<string>();

  hold(event: string): void {
    this.#holding.add(event);
  }

  release(event: string): void {
    this.#holding.delete(event);
    this.#held.get(event)?.();
    this.#held.delete(event);
  }

  sent(event: string): Record<string, unknown>[] {
    return this.emitted.filter((entry) => entry.event === event).map((entry) => entry.payload);
  }

  readonly port: SignalingPort = {
    emit: (async (event: string, payload: Record<string, unknown>) => {
      this.emitted.push({ event, payload });
      if (this.#holding.has(event)) await new Promise<void>((resolve) => this.#held.set(event, resolve));
      return this.acks.get(event) ?? { ok: true };
    }) as unknown as SignalingPort['emit'],
  };
}

export class FakeOffscreen {
  readonly received: { type: string }[] = [];
  readonly port: MediaPort;

  constructor() {
    const answer = async (message: { type: string; signals?: object[] }) => {
      this.received.push(message);
      if (message.type === 'offscreen:create-offer') return { ok: true, sdp: 'v=0 offer' };
      if (message.type === 'offscreen:create-answer') return { ok: true, sdp: 'v=0 answer' };
      return { ok: true };
    };
    const signal = (remote: object) => void answer({ type: 'offscreen:remote-signals', signals: [remote] });
    this.port = { ask: answer, tell: answer, signal } as unknown as MediaPort;
  }

  types(): string[] {
    return this.received.map((message) => message.type);
  }
}

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const bob: User = { id: 'u-bob', username: 'bob', displayName: 'Bob Baker' };

export function incomingFrom(peer: User, callId: string, ringsForMs = 30_000): CallIncoming {
  return {
    callId,
    from: peer,
    media: 'video',
    sdp: 'v=0 their offer',
    expiresAt: new Date(Date.now() + ringsForMs).toISOString(),
  };
}

/** Deps with fakes everywhere; the returned record exposes what the core did to them. */
export function fakeDeps(signal: AbortSignal) {
  const signaling = new FakeSignaling();
  const offscreen = new FakeOffscreen();
  const record = { missed: 0, placed: 0, removed: 0, saves: 0, notifications: 0 };
  const deps: CallDeps = {
    log: silentLog,
    signaling: () => signaling.port,
    iceServers: async () => ({ iceServers: [], iceTransportPolicy: 'all' }),
    devices: () => ({ microphoneId: '', cameraId: '', speakerId: '' }),
    media: offscreen.port,
    placement: () => ({
      place: async () => void record.placed++,
      remove: async () => void record.removed++,
      shownInPage: true,
      onLeftPage: () => undefined,
      popOut: async () => undefined,
    }),
    alerts: { showIncoming: async () => void record.notifications++, clearIncoming: async () => undefined },
    store: { save: async () => void record.saves++ },
    onMissedCall: () => void record.missed++,
    signal,
  };
  return { deps, signaling, offscreen, record };
}
