import type { Logger } from 'pino';
import type { CallMeta, CallStore } from '../store/calls.js';
import { partyDevices } from './parties.js';
import type { CallDelivery } from './ports.js';
import type { ReconnectGrace } from './reconnect-grace.js';

/**
 * Ring timeouts and the sweep. Timers are per node and only a trigger: the end itself is a
 * conditional UPDATE, so a timer on two nodes (or after a restart) ends a call once. The node that
 * created a call owns its ring timer; the sweep, on every node, covers what a dead node's timers
 * can no longer do: it ends overdue ringing calls, and starts the grace of call devices that are
 * connected nowhere (their node died, so no disconnect event ran).
 */
export function createRingTimers(deps: {
  delivery: CallDelivery;
  calls: CallStore;
  grace: ReconnectGrace;
  logger: Logger;
  sweepIntervalMs: number;
  /** Ends the call with `timeout`. */
  onRingExpired: (call: CallMeta) => Promise<void>;
}) {
  const { delivery, calls, logger } = deps;
  const ringTimers = new Map<string, NodeJS.Timeout>();
  let sweeper: NodeJS.Timeout | undefined;

  const guard = (what: string, callId: string, task: () => Promise<void>) => {
    task().catch((error: unknown) => logger.error({ err: error, callId }, `${what} failed`));
  };

  const expireRinging = async (callId: string) => {
    ringTimers.delete(callId);
    const call = await calls.byId(callId);
    if (call?.state === 'ringing') await deps.onRingExpired(call);
  };

  /** Ends overdue ringing calls, and starts the grace of live-call devices connected to no node. */
  async function sweep(): Promise<void> {
    for (const call of await calls.expiredRinging(new Date().toISOString())) await deps.onRingExpired(call);
    const live = await calls.allLive();
    if (live.length === 0) return;
    const isConnected = await delivery.connectedDevices(live.flatMap(partyDevices));
    for (const call of live) {
      for (const device of partyDevices(call))
        if (!isConnected(device)) deps.grace.start(call, device, { restart: false });
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

    /** Stops every ring timer and the sweep of this node (shutdown). Calls stay as they are in the database. */
    stop(): void {
      clearInterval(sweeper);
      for (const timer of ringTimers.values()) clearTimeout(timer);
      ringTimers.clear();
    },
  };
}

export type RingTimers = ReturnType<typeof createRingTimers>;
