import type { Logger } from 'pino';
import type { CallMeta, CallStore } from '../store/calls.js';
import { occupiedRooms } from '../realtime/cluster.js';
import { deviceRoom, roomIsOccupied, type RingsideIo } from '../realtime/rooms.js';
import type { Device } from './notify.js';

/** Retry delay of a grace check that could not ask the cluster (Redis or a node too slow). */
const GRACE_RETRY_MS = 1_000;

/** The devices a live call depends on: the caller's, and the callee's once it answered. */
function partiesOf(call: CallMeta): Device[] {
  const parties = [{ userId: call.caller_id, deviceId: call.caller_device }];
  if (call.callee_device) parties.push({ userId: call.callee_id, deviceId: call.callee_device });
  return parties;
}

/**
 * Ring timeouts, reconnect-grace timers and the sweep. Timers are per node and only a trigger:
 * the end itself is a conditional UPDATE, so a timer on two nodes (or after a restart) ends a call
 * once, and a grace timer re-checks (cluster-wide) whether the device came back before ending
 * anything. The node that created a call owns its ring timer; the sweep, on every node, covers
 * what a dead node's timers can no longer do: it ends overdue ringing calls, and starts the grace
 * of call devices that are connected nowhere (their node died, so no disconnect event ran).
 */
export function createCallTimers(deps: {
  io: RingsideIo;
  calls: CallStore;
  logger: Logger;
  ringTimeoutMs: number;
  reconnectGraceMs: number;
  sweepIntervalMs: number;
  /** Ends the call with `timeout` (ringing) or `peer_lost` (the device did not come back). */
  onRingExpired: (call: CallMeta) => Promise<void>;
  onPeerLost: (call: CallMeta, lost: Device) => Promise<void>;
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

  /**
   * Starts the reconnect grace of one device in one call. `restart: false` keeps a grace already
   * running on this node (the sweep must not push a deadline back every time it runs).
   */
  function startGrace(call: CallMeta, device: Device, { restart = true } = {}): void {
    const key = graceKey(call.id, device);
    if (!restart && graceTimers.has(key)) return;
    clearTimeout(graceTimers.get(key));
    const check = async () => {
      try {
        if (await roomIsOccupied(io, deviceRoom(device.userId, device.deviceId))) {
          graceTimers.delete(key);
          return;
        }
      } catch (error) {
        // Not knowing is not "gone": ask again shortly rather than end a call that may be fine.
        logger.warn({ err: error, callId: call.id }, 'grace check failed; retrying');
        graceTimers.set(
          key,
          setTimeout(() => guard('reconnect grace', call.id, check), GRACE_RETRY_MS),
        );
        return;
      }
      graceTimers.delete(key);
      const current = await calls.byId(call.id);
      if (current && current.state !== 'ended') await deps.onPeerLost(current, device);
    };
    graceTimers.set(
      key,
      setTimeout(() => guard('reconnect grace', call.id, check), deps.reconnectGraceMs),
    );
  }

  /** Ends overdue ringing calls, and starts the grace of live-call devices connected to no node. */
  async function sweep(): Promise<void> {
    for (const call of await calls.expiredRinging(new Date().toISOString())) await deps.onRingExpired(call);
    const live = await calls.allLive();
    if (live.length === 0) return;
    const rooms = live.flatMap((call) => partiesOf(call).map((d) => deviceRoom(d.userId, d.deviceId)));
    const occupied = await occupiedRooms(io, rooms);
    for (const call of live) {
      for (const device of partiesOf(call)) {
        if (!occupied.has(deviceRoom(device.userId, device.deviceId)))
          startGrace(call, device, { restart: false });
      }
    }
  }

  return {
    /** Arms the ring timeout of a call at its `expires_at`. */
    scheduleRing(call: CallMeta): void {
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

    startGrace,

    /** Cancels this node's grace timers for a device that reconnected. */
    cancelGrace(callIds: string[], device: Device): void {
      for (const callId of callIds) {
        const key = graceKey(callId, device);
        clearTimeout(graceTimers.get(key));
        graceTimers.delete(key);
      }
    },

    /** Runs the sweep now (resolving when done) and then every `sweepIntervalMs`. */
    async startSweeper(): Promise<void> {
      clearInterval(sweeper);
      let sweeping = false;
      // One sweep at a time: under load a sweep can outlast the interval, and piling them up helps no one.
      const tick = async () => {
        if (sweeping) return;
        sweeping = true;
        await sweep().finally(() => (sweeping = false));
      };
      sweeper = setInterval(() => guard('sweep', '-', tick), deps.sweepIntervalMs);
      sweeper.unref();
      await tick().catch((error: unknown) => logger.error({ err: error }, 'sweep failed'));
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
