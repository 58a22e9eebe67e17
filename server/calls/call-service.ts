import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CallAccept, CallHangup, CallInvite, CallReject, CallView } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limit.js';
import type { PresenceService } from '../realtime/presence.js';
import { isClustered } from '../realtime/cluster.js';
import { deviceRoom, roomIsOccupied, userRoom, type RingsideIo } from '../realtime/rooms.js';
import type { CallMeta, CallRow, CallStore } from '../store/calls.js';
import type { Db } from '../store/db.js';
import type { ContactStore } from '../store/contacts.js';
import { publicUser, usersByIds, type UserStore } from '../store/users.js';
import { notifyEnded, type Device } from './notify.js';
import type { CallPartyCache } from './party-cache.js';
import { deviceSeesCall, toCallView } from './records.js';
import { createCallStateMachine } from './state-machine.js';
import { createCallTimers } from './timers.js';

export interface CallServiceDeps {
  io: RingsideIo;
  db: Db;
  users: UserStore;
  contacts: ContactStore;
  calls: CallStore;
  presence: PresenceService;
  /** The relay's per-node cache of active calls' parties: filled on accept, emptied on end. */
  partyCache: CallPartyCache;
  inviteLimiter: RateLimiter;
  logger: Logger;
  metrics: Metrics;
  ringTimeoutMs: number;
  reconnectGraceMs: number;
  sweepIntervalMs: number;
}

/** A fresh call record as an invite creates it (ringing until `ringTimeoutMs` from now). */
function newCallRow(
  from: Device,
  to: string,
  media: CallInvite['media'],
  sdp: string,
  ringTimeoutMs: number,
): CallRow {
  const now = new Date();
  return {
    id: randomUUID(),
    caller_id: from.userId,
    callee_id: to,
    caller_device: from.deviceId,
    callee_device: null,
    media,
    state: 'ringing',
    offer_sdp: sdp,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ringTimeoutMs).toISOString(),
    answered_at: null,
    ended_at: null,
    end_reason: null,
  };
}

/** The call protocol: invite, accept, reject, hangup, plus ring timeouts and reconnect grace. */
export function createCallService(deps: CallServiceDeps) {
  const { io, calls, presence, logger } = deps;
  const machine = createCallStateMachine(deps);

  /** Ends a call once (whoever wins the conditional UPDATE notifies) and refreshes presence. */
  async function endCall(call: CallMeta, reason: Parameters<typeof machine.end>[1], endedBy?: Device) {
    if (!(await machine.end(call, reason))) return false;
    // Forgotten on this node at once (before any other await); the other nodes acknowledge before
    // this end is acknowledged to anyone, so no node relays for the call after that.
    const forgotten = deps.partyCache.ended(call.id);
    timers.clearRing(call.id);
    notifyEnded(io, call, reason, endedBy);
    if (call.state === 'active')
      await Promise.all([presence.broadcast(call.caller_id), presence.broadcast(call.callee_id)]);
    await forgotten;
    return true;
  }

  const timers = createCallTimers({
    io,
    calls,
    logger,
    ringTimeoutMs: deps.ringTimeoutMs,
    reconnectGraceMs: deps.reconnectGraceMs,
    sweepIntervalMs: deps.sweepIntervalMs,
    onRingExpired: async (call) => void (await endCall(call, 'timeout')),
    onPeerLost: async (call, lost) => void (await endCall(call, 'peer_lost', lost)),
  });

  /**
   * When each user's last socket on this node went away (per node, in memory: no migration). A
   * callee whose device left less than RECONNECT_GRACE_S ago is rung rather than refused
   * `unavailable`: a stopped MV3 worker comes back and its `session` lists the ringing call.
   */
  const lastSeen = new Map<string, number>();
  const recentHere = (userIds: string[], withinMs: number): string[] => {
    const since = Date.now() - withinMs;
    for (const [userId, at] of lastSeen) if (at < Date.now() - deps.reconnectGraceMs) lastSeen.delete(userId);
    return userIds.filter((userId) => (lastSeen.get(userId) ?? 0) >= since);
  };
  io.on('users:recent', (userIds, withinMs, reply) => {
    // From another node over Redis: trusted, but keep to the expected shape.
    const ids = Array.isArray(userIds) ? userIds.filter((id) => typeof id === 'string') : [];
    reply(recentHere(ids, typeof withinMs === 'number' ? withinMs : 0));
  });
  /** Whether a device of `userId` was connected to any node within the reconnect grace. */
  async function recentlyConnected(userId: string): Promise<boolean> {
    if (recentHere([userId], deps.reconnectGraceMs).length > 0) return true;
    if (!isClustered(io)) return false;
    try {
      const answers = await io.serverSideEmitWithAck('users:recent', [userId], deps.reconnectGraceMs);
      return answers.some((answer) => Array.isArray(answer) && answer.includes(userId));
    } catch {
      // A node did not answer in time: no evidence the user is coming back.
      return false;
    }
  }

  io.on('grace:cancel', (callIds, device) => {
    // From another node over Redis: trusted, but keep to the expected shape.
    if (Array.isArray(callIds) && typeof device?.userId === 'string' && typeof device.deviceId === 'string')
      timers.cancelGrace(
        callIds.filter((id) => typeof id === 'string'),
        device,
      );
  });

  /** Loads a call the device's user is part of, or throws `not_found` (unknown ids and strangers alike). */
  async function callOfUser(callId: string, userId: string): Promise<CallMeta> {
    const call = await calls.byId(callId);
    if (!call || (call.caller_id !== userId && call.callee_id !== userId))
      throw new AppError('not_found', 'no such call');
    return call;
  }

  async function invite(from: Device, { to, media, sdp }: CallInvite): Promise<{ callId: string }> {
    if (!deps.inviteLimiter.take(from.userId)) throw new AppError('rate_limited', 'too many call invites');
    if (to === from.userId || !(await deps.contacts.isContact(from.userId, to))) {
      throw new AppError('not_contact', 'you can only call your contacts');
    }
    // One live call per user: someone ringing (either way) or talking cannot start another call.
    const callerCalls = await calls.liveCallsOfUser(from.userId);
    const glare = callerCalls.find((call) => call.state === 'ringing' && call.caller_id === to);
    if (glare) throw new AppError('glare', 'this contact is calling you', glare.id);
    if (callerCalls.length > 0) throw new AppError('already_in_call', 'you are already in a call');
    const callee = await deps.users.byId(to);
    if (!callee) throw new AppError('not_contact', 'you can only call your contacts');
    if (callee.dnd) throw new AppError('dnd', 'do not disturb is on');

    const call = newCallRow(from, to, media, sdp, deps.ringTimeoutMs);
    // One call per user: a callee already ringing or talking is busy.
    if ((await calls.liveCallsOfUser(to)).length > 0) {
      await machine.refuse(call, 'busy');
      throw new AppError('busy', 'busy');
    }
    if (!(await roomIsOccupied(io, userRoom(to)))) {
      if (!(await recentlyConnected(to))) {
        await machine.refuse(call, 'unavailable');
        throw new AppError('unavailable', 'no device of this contact is online');
      }
      // A device left moments ago (e.g. its worker was stopped): ring; it gets the call in `session`.
      logger.info({ callId: call.id, calleeId: to }, 'callee briefly away: ringing for a returning device');
    }
    // The checks above give precise errors; the locks taken here decide races between nodes.
    const outcome = await machine.ring(call);
    if (outcome === 'callee_in_call') {
      await machine.refuse(call, 'busy');
      throw new AppError('busy', 'busy');
    }
    if (outcome === 'caller_in_call') {
      const crossed = (await calls.liveCallsOfUser(from.userId)).find(
        (other) => other.state === 'ringing' && other.caller_id === to,
      );
      if (crossed) throw new AppError('glare', 'this contact is calling you', crossed.id);
      throw new AppError('already_in_call', 'you are already in a call');
    }
    const caller = await deps.users.byId(from.userId);
    io.to(userRoom(to)).emit('call:incoming', {
      callId: call.id,
      from: publicUser(caller ?? { id: from.userId, username: '', displayName: '' }),
      media,
      sdp,
      expiresAt: call.expires_at,
    });
    timers.scheduleRing(call);
    return { callId: call.id };
  }

  async function accept(by: Device, { callId, sdp }: CallAccept): Promise<void> {
    const call = await callOfUser(callId, by.userId);
    if (call.callee_id !== by.userId) throw new AppError('not_found', 'no such call');
    if (call.state === 'active') {
      if (call.callee_device === by.deviceId) return; // a retried accept
      throw new AppError('answered_elsewhere', 'answered on another device');
    }
    if (call.state === 'ended') throw new AppError('ended', 'the call has ended');
    if (Date.parse(call.expires_at) <= Date.now()) {
      await endCall(call, 'timeout');
      throw new AppError('ended', 'the call has ended');
    }
    // Defensive: the call locks already keep a ringing callee out of other calls. This very call may
    // have just turned active (another device of the user won the race): that is answered_elsewhere,
    // decided below, not already_in_call.
    const accepterCalls = await calls.liveCallsOfUser(by.userId);
    if (accepterCalls.some((other) => other.id !== callId && other.state === 'active'))
      throw new AppError('already_in_call', 'already in a call');

    if (!(await machine.accept(call, by.deviceId))) {
      const current = await calls.byId(callId);
      if (current?.state === 'active') throw new AppError('answered_elsewhere', 'answered on another device');
      throw new AppError('ended', 'the call has ended');
    }
    timers.clearRing(callId);
    deps.partyCache.remember({ ...call, state: 'active', callee_device: by.deviceId });
    const accepterRoom = deviceRoom(by.userId, by.deviceId);
    io.to(deviceRoom(call.caller_id, call.caller_device)).emit('call:accepted', { callId, sdp });
    io.to(userRoom(by.userId))
      .except(accepterRoom)
      .emit('call:ended', { callId, reason: 'answered_elsewhere' });
    // The caller's early candidates go to the accepting device only, now that the user said yes.
    for (const held of await calls.takeHeldSignals(callId))
      io.to(accepterRoom).emit('call:signal', JSON.parse(held));
    await Promise.all([presence.broadcast(call.caller_id), presence.broadcast(call.callee_id)]);
  }

  async function reject(by: Device, { callId }: CallReject): Promise<void> {
    const call = await callOfUser(callId, by.userId);
    if (call.callee_id !== by.userId) throw new AppError('not_found', 'no such call');
    if (call.state !== 'ringing' || !(await endCall(call, 'rejected', by))) {
      throw new AppError('ended', 'the call is no longer ringing');
    }
  }

  async function hangup(by: Device, { callId, reason, quality }: CallHangup): Promise<void> {
    const call = await callOfUser(callId, by.userId);
    if (call.state === 'ended') throw new AppError('ended', 'the call has ended');
    const isCallerDevice = call.caller_id === by.userId && call.caller_device === by.deviceId;
    // A device whose camera, microphone or ICE failed says so; while ringing that is neither a
    // cancel nor a decline, and the other side must be told the call failed.
    const failure = reason === 'media_failed' || reason === 'ice_failed' ? reason : undefined;
    let ended: boolean;
    if (call.state === 'ringing' && isCallerDevice) ended = await endCall(call, failure ?? 'cancelled', by);
    else if (call.state === 'ringing' && call.callee_id === by.userId)
      ended = await endCall(call, failure ?? 'rejected', by);
    else if (call.state === 'active' && deviceSeesCall(call, by.userId, by.deviceId)) {
      ended = await endCall(call, reason ?? 'hangup', by);
    } else throw new AppError('not_found', 'this device is not in the call');
    if (!ended) throw new AppError('ended', 'the call has ended');
    if (quality && call.state === 'active') await calls.setQuality(call.id, JSON.stringify(quality));
  }

  /** The calls a (re)connecting device is part of; cancels its grace timers on this node. */
  async function resumeDevice(device: Device): Promise<CallView[]> {
    const live = (await calls.liveCallsOfUserWithOffer(device.userId)).filter((call) =>
      deviceSeesCall(call, device.userId, device.deviceId),
    );
    const callIds = live.map((call) => call.id);
    timers.cancelGrace(callIds, device);
    // The grace may run on the node the device left: without this, that timer would still fire at
    // its old deadline and, if the device happened to be away again then, end the call early.
    if (callIds.length > 0 && isClustered(io)) io.serverSideEmit('grace:cancel', callIds, device);
    const peers = await usersByIds(
      deps.db,
      live.map((call) => (call.caller_id === device.userId ? call.callee_id : call.caller_id)),
    );
    return live.flatMap((call) => {
      const peer = peers.get(call.caller_id === device.userId ? call.callee_id : call.caller_id);
      return peer ? [toCallView(call, device.userId, peer)] : [];
    });
  }

  /** A device's last socket went away: its calls wait RECONNECT_GRACE_S for it before `peer_lost`. */
  /**
   * `lost`: the connection dropped (transport closed, ping timeout) rather than being closed on
   * purpose (sign-out, revoked token). Only a lost device is expected back, so only it keeps the
   * user ringable for the grace.
   */
  async function deviceDisconnected(device: Device, lost: boolean): Promise<void> {
    if (lost && !io.of('/').adapter.rooms.has(userRoom(device.userId)))
      lastSeen.set(device.userId, Date.now());
    else if (!lost) lastSeen.delete(device.userId);
    if (await roomIsOccupied(io, deviceRoom(device.userId, device.deviceId))) return;
    for (const call of await calls.liveCallsOfUser(device.userId)) {
      const isParty =
        (call.caller_id === device.userId && call.caller_device === device.deviceId) ||
        (call.callee_id === device.userId && call.callee_device === device.deviceId);
      if (isParty) timers.startGrace(call, device);
    }
  }

  /**
   * After a (re)start: re-arm ring timers, then sweep, which gives every live call's device that is
   * connected to no node (all of them, for a lone node) a grace window; the sweep then repeats.
   */
  async function recover(): Promise<void> {
    await calls.releaseStaleLocks();
    for (const call of await calls.allLive()) if (call.state === 'ringing') timers.scheduleRing(call);
    await timers.startSweeper();
  }

  return { invite, accept, reject, hangup, resumeDevice, deviceDisconnected, recover, stop: timers.stopAll };
}

export type CallService = ReturnType<typeof createCallService>;
