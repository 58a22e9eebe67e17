import type { Logger } from 'pino';
import type { CallView } from '../../protocol/index.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../limits/limiters.js';
import type { CallStore } from '../store/calls.js';
import type { ContactStore } from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { usersByIds, type UserStore } from '../store/users.js';
import { createCallService } from './call-service.js';
import { createCallEnding } from './ending.js';
import { createAccountCallEnding } from './end-for-account.js';
import { createHeldSignals } from './held-signals.js';
import { deviceSeesCall, peerUserOf, type Device } from './parties.js';
import { createCallPartyCache } from './party-cache.js';
import type { CallDelivery, CallNodes, PresenceNotifier } from './ports.js';
import { toCallView } from './records.js';
import { createReconnectGrace } from './reconnect-grace.js';
import { createCallRelay } from './relay.js';
import { createRingTimers } from './ring-timers.js';
import { createCallStateMachine } from './state-machine.js';

export interface CallCoreDeps {
  delivery: CallDelivery;
  nodes: CallNodes;
  presence: PresenceNotifier;
  db: Db;
  users: UserStore;
  contacts: ContactStore;
  calls: CallStore;
  inviteLimiter: RateLimiter;
  signalLimiter: RateLimiter;
  recordLimiter: RateLimiter;
  logger: Logger;
  metrics: Metrics;
  ringTimeoutMs: number;
  reconnectGraceMs: number;
  sweepIntervalMs: number;
}

/**
 * Everything about calls, wired from its parts: the four verbs (call-service.ts), the relay of
 * signals and media, ring timers and the sweep, the reconnect grace, and what a device that
 * (re)connects or leaves changes. Reaches clients and other nodes only through the ports.
 */
export function createCallCore(deps: CallCoreDeps) {
  const { delivery, nodes, calls, logger } = deps;
  const machine = createCallStateMachine(deps);
  const partyCache = createCallPartyCache({
    nodes,
    logger,
    onForget: (callId) => heldSignals.drop(callId),
  });
  const heldSignals = createHeldSignals({
    delivery,
    nodes,
    onAccepted: (callId, parties) => partyCache.remember({ ...parties, id: callId }),
  });
  const endCall = createCallEnding({
    machine,
    partyCache,
    heldSignals,
    delivery,
    presence: deps.presence,
    clearRing: (callId) => ringTimers.clearRing(callId),
  });
  const grace = createReconnectGrace({
    delivery,
    nodes,
    calls,
    logger,
    reconnectGraceMs: deps.reconnectGraceMs,
    onPeerLost: async (call, lost) => void (await endCall(call, 'peer_lost', lost)),
  });
  const ringTimers = createRingTimers({
    delivery,
    calls,
    grace,
    logger,
    sweepIntervalMs: deps.sweepIntervalMs,
    onRingExpired: async (call) => void (await endCall(call, 'timeout')),
  });
  const service = createCallService({
    ...deps,
    machine,
    endCall,
    ringTimers,
    grace,
    heldSignals,
    partyCache,
  });
  const relay = createCallRelay({
    delivery,
    calls,
    heldSignals,
    signalLimiter: deps.signalLimiter,
    recordLimiter: deps.recordLimiter,
    metrics: deps.metrics,
    cache: partyCache,
  });

  /** The calls a (re)connecting device is part of; ends its grace on every node. */
  async function resumeDevice(device: Device): Promise<CallView[]> {
    const live = (await calls.liveCallsOfUserWithOffer(device.userId)).filter((call) =>
      deviceSeesCall(call, device),
    );
    grace.deviceReturned(
      live.map((call) => call.id),
      device,
    );
    const peers = await usersByIds(
      deps.db,
      live.map((call) => peerUserOf(call, device.userId)),
    );
    return live.flatMap((call) => {
      const peer = peers.get(peerUserOf(call, device.userId));
      return peer ? [toCallView(call, device.userId, peer)] : [];
    });
  }

  return {
    ...service,
    signal: relay.signal,
    media: relay.media,
    record: relay.record,
    resumeDevice,
    /** Ends a user's live calls (with one other user, for a block) as if that user hung up. */
    endCallsOfUser: createAccountCallEnding({ calls, endCall }),
    /** A device's last socket went away: its calls wait RECONNECT_GRACE_S for it before `peer_lost`. */
    deviceDisconnected: grace.deviceLeft,

    /**
     * After a (re)start: re-arm ring timers, then sweep, which gives every live call's device that is
     * connected to no node (all of them, for a lone node) a grace window; the sweep then repeats.
     */
    async recover(): Promise<void> {
      await calls.releaseStaleLocks();
      for (const call of await calls.allLive()) if (call.state === 'ringing') ringTimers.scheduleRing(call);
      await ringTimers.startSweeper();
    },

    /**
     * This node is stopping and about to close the sockets of `userIds`: the other nodes keep those
     * users ringable for the reconnect grace (an invite meanwhile rings instead of `unavailable`).
     */
    handOff(userIds: string[]): void {
      nodes.usersAway(userIds);
    },

    /** Stops every timer of this node (shutdown). Calls stay as they are in the database. */
    stop(): void {
      ringTimers.stop();
      grace.stop();
      partyCache.stop();
      heldSignals.stop();
    },
  };
}

export type CallCore = ReturnType<typeof createCallCore>;
