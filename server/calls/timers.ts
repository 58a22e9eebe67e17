import type { Logger } from 'pino';
import type { CallRow, CallStore } from '../store/calls.js';
import { deviceRoom, roomIsOccupied, type RingsideIo } from '../realtime/rooms.js';
import type { Device } from './notify.js';

/** How often every node looks for ringing calls whose timer died with another node (or a restart). */
const EXPIRY_SWEEP_MS = 5_000;

/**
 * Ring timeouts and reconnect-grace timers. Timers are per node and only a trigger: the end
 * itself is a conditional UPDATE, so a timer on two nodes (or after a restart) ends a call once,
 * and a grace timer re-checks (cluster-wide) whether the device came back before ending anything.
 */
export function createCallTimers(deps: {
  io: RingsideIo;
  calls: CallStore;
  logger: Logger;
  ringTimeoutMs: number;
  reconnectGraceMs: number;
  /** Ends the call with `timeout` (ringing) or `peer_lost` (the device did not come back). */
  onRingExpired: (call: CallRow) => Promise<void>;
  onPeerLost: (call: CallRow, lost: Device) => Promise<void>;
}) {
  const { io, calls, logger } = deps;
  const ringTimers = new Map<string, NodeJS.Timeout>();
  const graceTimers = new Map<string, NodeJS.Timeout>();
  const graceKey = (callId: string, device: Device) => `${callId}|${device.userId}|${device.deviceId}`;
  let sweeper: NodeJS.Timeout | undefined;

  const guard = (what: string, callId: string, task: () => Promise<void>) => {
    task().catch((error: unknown) => logger.error({ err: error, callId }, `${what} failed`));
  };

  const expireRinging = async (callId: string) => {
    ringTimers.delete(callId);
    const call = await calls.byId(callId);
    if (call?.state === 'ringing') await deps.onRingExpired(call);
  };

  return {
    /** Arms the ring timeout of a call at its `expires_at`. */
    scheduleRing(call: CallRow): void {
      const delay = Math.max(0, Date.parse(call.expires_at) - Date.now());
      clearTimeout(ringTimers.get(call.id));
      ringTimers.set(
        call.id,
        setTimeout(() => guard('ring timeout', call.id, () => expireRinging(call.id)), delay),
      );
    },

    clearRing(callId: string): void {
      clearTimeout(ringTimers.get(callId));
      ringTimers.delete(callId);
    },

    /** Starts the reconnect grace of one device in one call. */
    startGrace(call: CallRow, device: Device): void {
      const key = graceKey(call.id, device);
      clearTimeout(graceTimers.get(key));
      const timer = setTimeout(
        () =>
          guard('reconnect grace', call.id, async () => {
            graceTimers.delete(key);
            if (await roomIsOccupied(io, deviceRoom(device.userId, device.deviceId))) return;
            const current = await calls.byId(call.id);
            if (current && current.state !== 'ended') await deps.onPeerLost(current, device);
          }),
        deps.reconnectGraceMs,
      );
      graceTimers.set(key, timer);
    },

    /** Cancels this node's grace timers for a device that reconnected. */
    cancelGrace(callIds: string[], device: Device): void {
      for (const callId of callIds) {
        const key = graceKey(callId, device);
        clearTimeout(graceTimers.get(key));
        graceTimers.delete(key);
      }
    },

    /** Ends ringing calls already past expiry, now and then every few seconds. */
    startSweeper(): void {
      const sweep = () =>
        guard('expiry sweep', '-', async () => {
          for (const call of await calls.expiredRinging(new Date().toISOString()))
            await deps.onRingExpired(call);
        });
      sweep();
      sweeper = setInterval(sweep, EXPIRY_SWEEP_MS);
      sweeper.unref();
    },

    /** Stops every timer of this node (shutdown). Calls stay as they are in the database. */
    stopAll(): void {
      clearInterval(sweeper);
      for (const timer of [...ringTimers.values(), ...graceTimers.values()]) clearTimeout(timer);
      ringTimers.clear();
      graceTimers.clear();
    },
  };
}

export type CallTimers = ReturnType<typeof createCallTimers>;
