import type { Logger } from 'pino';
import type { z } from 'zod';
import { clientEventSchemas, type AckResult, type ClientToServerEvents } from '../../protocol/index.js';
import type { CallCore } from '../calls/call-core.js';
import { AppError, internalError } from '../errors.js';
import type { RingsideSocket } from './socket-io.js';

type EventName = keyof ClientToServerEvents;
type Payload<E extends EventName> = z.infer<(typeof clientEventSchemas)[E]>;

/**
 * Registers one handler per client event. Each payload is validated with its protocol schema
 * before any work; every outcome is acked `{ok:true,...}` or `{ok:false,error}` with a known code.
 */
export function registerCallHandlers(
  socket: RingsideSocket,
  deps: {
    calls: CallCore;
    logger: Logger;
    /** Hears of each handler's work until it has acked: a stopping node waits for them (`drain`). */
    track: (work: Promise<void>) => void;
  },
): void {
  const { calls, logger } = deps;
  const device = { userId: socket.data.user.id, deviceId: socket.data.deviceId };

  function on<E extends EventName>(event: E, run: (payload: Payload<E>) => Promise<object | void>): void {
    // Socket.IO's typed `on` cannot express "any payload": the client is untrusted, so take unknown.
    (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(event, (payload, ack) => {
      const reply = typeof ack === 'function' ? (ack as (result: AckResult<object>) => void) : () => {};
      const parsed = clientEventSchemas[event].safeParse(payload);
      if (!parsed.success) {
        const message = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`,
        );
        reply({ ok: false, error: { code: 'invalid', message: message.join('; ').slice(0, 500) } });
        return;
      }
      const work = run(parsed.data as Payload<E>).then(
        (result) => reply({ ok: true, ...(result ?? {}) }),
        (error: unknown) => {
          if (error instanceof AppError) return reply({ ok: false, error: error.toApiError() });
          logger.error({ err: error, event, userId: device.userId }, 'socket handler failed');
          reply({ ok: false, error: internalError });
        },
      );
      deps.track(work);
    });
  }

  on('call:invite', (payload) => calls.invite(device, payload));
  on('call:accept', (payload) => calls.accept(device, payload));
  on('call:reject', (payload) => calls.reject(device, payload));
  on('call:hangup', (payload) => calls.hangup(device, payload));
  on('call:signal', (payload) => calls.signal(device, payload));
  on('call:media', (payload) => calls.media(device, payload));
  on('call:record', (payload) => calls.record(device, payload));
}
