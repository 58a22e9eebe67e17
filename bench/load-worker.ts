/**
 * One load-generating process of the server benchmark (started by bench/server-load.ts over IPC).
 * It holds many idle sockets (`connect`) or drives call set-ups between pairs of its own
 * users (`calls`): both parties of a pair live in this process, so latencies are measured on
 * one clock.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export interface WorkerUser {
  id: string;
  token: string;
  deviceId: string;
  url: string;
}

export type WorkerCommand =
  | { type: 'connect'; users: WorkerUser[]; concurrency: number; timeoutMs: number; localAddress?: string }
  | { type: 'disconnect' }
  | {
      type: 'calls';
      pairs: { caller: WorkerUser; callee: WorkerUser }[];
      durationMs: number;
      maxCalls: number;
      candidates: number;
      /** Candidates the caller sends while the call rings (the server holds them until accept). */
      earlyCandidates: number;
      sdpBytes: number;
      localAddress?: string;
      /** > 0: each pair starts a call every intervalMs (paced load); 0: closed loop. */
      intervalMs: number;
    }
  | { type: 'exit' };

export type WorkerReply =
  | {
      type: 'connected';
      ok: number;
      failed: number;
      errors: Record<string, number>;
      total: number;
      ms: number;
    }
  | { type: 'disconnected' }
  | {
      type: 'calls-done';
      completed: number;
      failed: number;
      errors: Record<string, number>;
      inviteToIncoming: number[];
      signalRelay: number[];
      setup: number[];
      elapsedMs: number;
      cpuMs: number;
      /** Time to connect the pairs' sockets before the loop. */
      connectMs: number;
    }
  | { type: 'loop-started' }
  | { type: 'error'; message: string };

type AckResult = { ok: true; callId?: string } | { ok: false; error: { code: string; message: string } };

const idle: Socket[] = [];

function send(reply: WorkerReply): void {
  process.send?.(reply);
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function open(user: WorkerUser, localAddress?: string): Socket {
  return io(user.url, {
    transports: ['websocket'],
    auth: { token: user.token, deviceId: user.deviceId },
    reconnection: false,
    timeout: 30_000,
    ...(localAddress ? { localAddress } : {}),
  } as Parameters<typeof io>[1]);
}

/** Resolves when the socket received `session` (authenticated), rejects on connect_error. */
function connected(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('timeout'));
    }, timeoutMs);
    const onSession = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('session', onSession);
      socket.off('connect_error', onError);
    };
    socket.on('session', onSession);
    socket.on('connect_error', onError);
  });
}

async function connectAll(command: Extract<WorkerCommand, { type: 'connect' }>): Promise<void> {
  const started = performance.now();
  const errors: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < command.users.length) {
      const user = command.users[next++] as WorkerUser;
      const socket = open(user, command.localAddress);
      try {
        await connected(socket, command.timeoutMs);
        idle.push(socket);
        ok++;
      } catch (error) {
        failed++;
        bump(errors, (error as Error).message.slice(0, 60));
        socket.close();
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, lane));
  send({ type: 'connected', ok, failed, errors, total: idle.length, ms: performance.now() - started });
}

/** A one-shot waiter per pair: resolves the next time `fire(key)` is called. */
class Waiters {
  private readonly pending = new Map<string, { resolve: (value: unknown) => void; timer: NodeJS.Timeout }>();
  wait<T>(key: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new Error(`timeout:${key}`));
      }, timeoutMs);
      this.pending.set(key, { resolve: resolve as (value: unknown) => void, timer });
    });
  }
  fire(key: string, value: unknown): void {
    const waiter = this.pending.get(key);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.pending.delete(key);
    waiter.resolve(value);
  }
  clear(): void {
    for (const waiter of this.pending.values()) clearTimeout(waiter.timer);
    this.pending.clear();
  }
}

function fakeSdp(kind: 'offer' | 'answer', bytes: number): string {
  const head = `v=0\r\no=- ${Date.now()} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n`;
  const line = `a=candidate-free-filler:${kind}\r\n`;
  return head + line.repeat(Math.max(0, Math.floor((bytes - head.length) / line.length)));
}

async function runCalls(command: Extract<WorkerCommand, { type: 'calls' }>): Promise<void> {
  const errors: Record<string, number> = {};
  const inviteToIncoming: number[] = [];
  const signalRelay: number[] = [];
  const setup: number[] = [];
  let completed = 0;
  let failed = 0;
  const offer = fakeSdp('offer', command.sdpBytes);
  const answer = fakeSdp('answer', command.sdpBytes);
  const sockets: Socket[] = [];
  const cpuStart = process.cpuUsage();

  const pairs = command.pairs.map((pair) => {
    const caller = open(pair.caller, command.localAddress);
    const callee = open(pair.callee, command.localAddress);
    sockets.push(caller, callee);
    const waiters = new Waiters();
    const sentAt = new Map<string, number>();
    let signalsReceived = 0;
    let signalsExpected = 0;
    let mediaReceived = 0;
    const onSignal = (payload: { callId: string; candidate?: { candidate?: string } | null }) => {
      const key = `${payload.callId}|${payload.candidate?.candidate ?? ''}`;
      const at = sentAt.get(key);
      if (at !== undefined && !payload.candidate?.candidate?.startsWith('held:')) {
        signalRelay.push(performance.now() - at);
        sentAt.delete(key);
      }
      if (++signalsReceived === signalsExpected) waiters.fire(`signals:${payload.callId}`, undefined);
    };
    const onMedia = (payload: { callId: string }) => {
      if (++mediaReceived === 2) waiters.fire(`media:${payload.callId}`, undefined);
    };
    callee.on('call:incoming', (payload: { callId: string }) => waiters.fire('incoming', payload.callId));
    caller.on('call:accepted', (payload: { callId: string }) =>
      waiters.fire(`accepted:${payload.callId}`, undefined),
    );
    callee.on('call:ended', (payload: { callId: string }) =>
      waiters.fire(`ended:${payload.callId}`, undefined),
    );
    caller.on('call:signal', onSignal);
    callee.on('call:signal', onSignal);
    caller.on('call:media', onMedia);
    callee.on('call:media', onMedia);
    return {
      pair,
      caller,
      callee,
      waiters,
      sentAt,
      reset(expected: number) {
        signalsReceived = 0;
        mediaReceived = 0;
        signalsExpected = expected;
        sentAt.clear();
      },
    };
  });

  const connectStart = performance.now();
  try {
    await Promise.all(pairs.flatMap((p) => [connected(p.caller, 30_000), connected(p.callee, 30_000)]));
  } catch (error) {
    send({ type: 'error', message: `pair sockets failed to connect: ${(error as Error).message}` });
    for (const socket of sockets) socket.close();
    return;
  }

  const connectMs = performance.now() - connectStart;
  send({ type: 'loop-started' });
  const timeoutMs = 10_000;
  const started = performance.now();
  const deadline = started + command.durationMs;
  let budget = command.maxCalls;

  const emit = async (socket: Socket, event: string, payload: unknown): Promise<AckResult> =>
    (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckResult;
  const check = (result: AckResult, step: string): void => {
    if (!result.ok) throw new Error(`${step}:${result.error.code}`);
  };

  const loop = async (p: (typeof pairs)[number]) => {
    let nextStart = started + Math.random() * command.intervalMs;
    while (performance.now() < deadline && budget > 0) {
      if (command.intervalMs > 0) {
        const wait = nextStart - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        nextStart += command.intervalMs;
        if (performance.now() >= deadline) break;
      }
      budget--;
      let callId: string | undefined;
      try {
        p.reset(command.candidates * 2 + command.earlyCandidates);
        const t0 = performance.now();
        const incoming = p.waiters.wait<string>('incoming', timeoutMs);
        const invited = await emit(p.caller, 'call:invite', {
          to: p.pair.callee.id,
          media: 'video',
          sdp: offer,
        });
        if (!invited.ok) {
          incoming.catch(() => undefined);
          p.waiters.clear();
          throw new Error(`invite:${invited.error.code}`);
        }
        callId = invited.callId;
        // Trickle ICE while ringing: the server holds these and flushes them to the accepting device.
        const early: Promise<AckResult>[] = [];
        for (let i = 0; i < command.earlyCandidates; i++) {
          const candidate = `held:${i} 1 udp 2122260223 10.1.${i}.1 ${40000 + i} typ host generation 0`;
          early.push(
            emit(p.caller, 'call:signal', {
              callId,
              candidate: { candidate, sdpMid: '0', sdpMLineIndex: 0 },
            }),
          );
        }
        for (const result of await Promise.all(early)) check(result, 'held-signal');
        const incomingId = await incoming;
        inviteToIncoming.push(performance.now() - t0);
        if (incomingId !== callId) throw new Error('invite:wrong_call');
        const accepted = p.waiters.wait(`accepted:${callId}`, timeoutMs);
        check(await emit(p.callee, 'call:accept', { callId, sdp: answer }), 'accept');
        await accepted;
        setup.push(performance.now() - t0);

        const signals = p.waiters.wait(`signals:${callId}`, timeoutMs);
        const acks: Promise<AckResult>[] = [];
        for (let i = 0; i < command.candidates; i++) {
          for (const [side, socket] of [
            ['a', p.caller],
            ['b', p.callee],
          ] as const) {
            const candidate = `candidate:${i}${side} 1 udp 2122260223 10.0.${i}.1 ${50000 + i} typ host generation 0`;
            p.sentAt.set(`${callId}|${candidate}`, performance.now());
            acks.push(
              emit(socket, 'call:signal', {
                callId,
                candidate: { candidate, sdpMid: '0', sdpMLineIndex: 0 },
              }),
            );
          }
        }
        for (const result of await Promise.all(acks)) check(result, 'signal');
        await signals;

        const media = p.waiters.wait(`media:${callId}`, timeoutMs);
        const mediaAcks = await Promise.all([
          emit(p.caller, 'call:media', { callId, audio: true, video: true }),
          emit(p.callee, 'call:media', { callId, audio: true, video: false }),
        ]);
        for (const result of mediaAcks) check(result, 'media');
        await media;

        const ended = p.waiters.wait(`ended:${callId}`, timeoutMs);
        check(await emit(p.caller, 'call:hangup', { callId, reason: 'hangup' }), 'hangup');
        await ended;
        completed++;
      } catch (error) {
        failed++;
        bump(errors, (error as Error).message.replace(/:[0-9a-f-]{8,}.*$/, ''));
        p.waiters.clear();
        if (callId) await emit(p.caller, 'call:hangup', { callId }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  await Promise.all(pairs.map(loop));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  for (const socket of sockets) socket.close();
  send({
    type: 'calls-done',
    completed,
    failed,
    errors,
    inviteToIncoming,
    signalRelay,
    setup,
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    connectMs,
  });
}

process.on('message', (command: WorkerCommand) => {
  const run = async () => {
    switch (command.type) {
      case 'connect':
        return connectAll(command);
      case 'disconnect':
        for (const socket of idle.splice(0)) socket.close();
        return send({ type: 'disconnected' });
      case 'calls':
        return runCalls(command);
      case 'exit':
        for (const socket of idle.splice(0)) socket.close();
        process.exit(0);
    }
  };
  run().catch((error: unknown) => send({ type: 'error', message: String(error) }));
});
