import type { Logger } from 'pino';
import type { CallMeta, CallStore } from '../store/calls.js';
import { isPartyDevice, type Device } from './parties.js';
import type { CallDelivery, CallNodes } from './ports.js';

/** Retry delay of a grace check that could not ask the cluster (Redis or a node too slow). */
const GRACE_RETRY_MS = 1_000;
/** A departure this close after a grace started is the drop that started it, not a later one. */
const SAME_DROP_MS = 1_000;

/**
 * The reconnect grace: a party device whose last socket went away keeps its calls for
 * `reconnectGraceMs`; if it is connected to no node by then, `onPeerLost` ends the call. While a
 * user's device is expected back, the user also stays ringable (`recentlyConnected`): a stopped MV3
 * worker comes back in seconds and finds the ringing call in `session`. Timers are per node and
 * only a trigger: the end is a conditional UPDATE, and a grace re-checks cluster-wide first.
 */
export function createReconnectGrace(deps: {
  delivery: CallDelivery;
  nodes: CallNodes;
  calls: CallStore;
  logger: Logger;
  reconnectGraceMs: number;
  onPeerLost: (call: CallMeta, lost: Device) => Promise<void>;
}) {
  const { delivery, nodes, calls, logger, reconnectGraceMs } = deps;
  const timers = new Map<string, NodeJS.Timeout>();
  const keyOf = (callId: string, device: Device) => `${callId}|${device.userId}|${device.deviceId}`;
  const guard = (callId: string, task: () => Promise<void>) => {
    task().catch((error: unknown) => logger.error({ err: error, callId }, 'reconnect grace failed'));
  };

  /** When each user's last socket on this node went away (per node, in memory: no migration). */
  const lastSeen = new Map<string, number>();
  const recentHere = (userIds: string[], withinMs: number): string[] => {
    const since = Date.now() - withinMs;
    for (const [userId, at] of lastSeen) if (at < Date.now() - reconnectGraceMs) lastSeen.delete(userId);
    return userIds.filter((userId) => (lastSeen.get(userId) ?? 0) >= since);
  };
  nodes.onRecentUsers(recentHere);
  // A stopping node closes its sockets without a disconnect handler running for them (and then is
  // not there to answer `users:recent`): it names its users first, and they stay ringable here.
  nodes.onUsersAway((userIds) => {
    const at = Date.now();
    for (const userId of userIds) if (!delivery.isUserConnectedHere(userId)) lastSeen.set(userId, at);
  });

  /** Whether a device of the user left a node (or a stopping node named the user) after `since`. */
  async function droppedSince(userId: string, since: number): Promise<boolean> {
    const withinMs = Date.now() - since;
    if (withinMs <= 0) return false;
    if (recentHere([userId], withinMs).length > 0) return true;
    return (await nodes.recentUsers([userId], withinMs)).includes(userId);
  }

  /**
   * When each device last came back, per call (from this node or a `grace:cancel` of another).
   * A return can overtake the drop it ends: this node may still be asking the store about the drop
   * when the cancel arrives, and would then start a grace nobody cancels. Its check finds the return
   * here. Entries go once no grace of theirs can still be running.
   */
  const returns = new Map<string, number>();
  const forgetOldReturns = () => {
    for (const [key, at] of returns) if (at < Date.now() - 2 * reconnectGraceMs) returns.delete(key);
  };

  /** Cancels this node's grace timers of a device in these calls. */
  function cancelHere(callIds: string[], device: Device): void {
    forgetOldReturns();
    for (const callId of callIds) {
      const key = keyOf(callId, device);
      returns.set(key, Date.now());
      clearTimeout(timers.get(key));
      timers.delete(key);
    }
  }
  nodes.onCancelGrace(cancelHere);

  /**
   * Starts the grace of one device in one call. `restart: false` keeps a grace already running on
   * this node (the sweep must not push a deadline back every time it runs). `leftAt`: when the drop
   * that starts it was seen (default now).
   */
  function start(
    call: CallMeta,
    device: Device,
    { restart = true, leftAt = Date.now() }: { restart?: boolean; leftAt?: number } = {},
  ): void {
    const key = keyOf(call.id, device);
    if (!restart && timers.has(key)) return;
    clearTimeout(timers.get(key));
    const startedAt = Date.now();
    const check = async () => {
      try {
        if (await delivery.isDeviceConnected(device)) {
          timers.delete(key);
          return;
        }
        // Back since this drop, and away again when, we cannot say: the later drop gets a full grace.
        if ((returns.get(key) ?? 0) >= leftAt) {
          returns.delete(key);
          timers.delete(key);
          start(call, device);
          return;
        }
        // Back and gone again since this grace started (a sweep can start one just as the device
        // returns, so the return's cancel misses it): the later drop gets a full grace of its own.
        if (await droppedSince(device.userId, startedAt + SAME_DROP_MS)) {
          timers.delete(key);
          start(call, device);
          return;
        }
      } catch (error) {
        // Not knowing is not "gone": ask again shortly rather than end a call that may be fine.
        logger.warn({ err: error, callId: call.id }, 'grace check failed; retrying');
        timers.set(
          key,
          setTimeout(() => guard(call.id, check), GRACE_RETRY_MS),
        );
        return;
      }
      timers.delete(key);
      const current = await calls.byId(call.id);
      if (current && current.state !== 'ended') await deps.onPeerLost(current, device);
    };
    timers.set(
      key,
      setTimeout(() => guard(call.id, check), reconnectGraceMs),
    );
  }

  return {
    start,

    /**
     * A device's last socket went away. `lost`: the connection dropped (transport closed, ping
     * timeout) rather than being closed on purpose (sign-out, revoked token); only a lost device
     * is expected back, so only it keeps the user ringable for the grace.
     */
    async deviceLeft(device: Device, lost: boolean): Promise<void> {
      const leftAt = Date.now();
      if (lost && !delivery.isUserConnectedHere(device.userId)) lastSeen.set(device.userId, Date.now());
      else if (!lost) lastSeen.delete(device.userId);
      if (await delivery.isDeviceConnected(device)) return;
      for (const call of await calls.liveCallsOfUser(device.userId))
        if (isPartyDevice(call, device)) start(call, device, { leftAt });
    },

    /** The device is back with these calls: end its grace here and on the node it left. */
    deviceReturned(callIds: string[], device: Device): void {
      cancelHere(callIds, device);
      // The grace may run on the node the device left: without this, that timer would still fire
      // at its old deadline and, if the device happened to be away again then, end the call early.
      if (callIds.length > 0) nodes.cancelGrace(callIds, device);
    },

    /** Whether a device of `userId` was connected to any node within the reconnect grace. */
    async recentlyConnected(userId: string): Promise<boolean> {
      if (recentHere([userId], reconnectGraceMs).length > 0) return true;
      try {
        return (await nodes.recentUsers([userId], reconnectGraceMs)).includes(userId);
      } catch {
        // A node did not answer in time: no evidence the user is coming back.
        return false;
      }
    },

    /** Stops every grace timer of this node (shutdown). */
    stop(): void {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type ReconnectGrace = ReturnType<typeof createReconnectGrace>;
