import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CallAccept, CallHangup, CallInvite, CallReject } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { RateLimiter } from '../limits/limiters.js';
import type { CallMeta, CallRow, CallStore } from '../store/calls.js';
import type { ContactStore } from '../store/contacts.js';
import { publicUser, type UserStore } from '../store/users.js';
import type { EndCall } from './ending.js';
import type { HeldSignals } from './held-signals.js';
import {
  callerDevice,
  isCallerDevice,
  isPartyDevice,
  isPartyUser,
  type CallRef,
  type Device,
} from './parties.js';
import type { CallPartyCache } from './party-cache.js';
import type { CallDelivery, PresenceNotifier } from './ports.js';
import type { ReconnectGrace } from './reconnect-grace.js';
import type { RingTimers } from './ring-timers.js';
import type { CallStateMachine } from './state-machine.js';

export interface CallServiceDeps {
  delivery: CallDelivery;
  users: UserStore;
  contacts: ContactStore;
  calls: CallStore;
  presence: PresenceNotifier;
  machine: CallStateMachine;
  endCall: EndCall;
  ringTimers: RingTimers;
  grace: ReconnectGrace;
  heldSignals: HeldSignals;
  /** The relay's per-node cache of active calls' parties: filled on accept, emptied on end. */
  partyCache: CallPartyCache;
  inviteLimiter: RateLimiter;
  logger: Logger;
  ringTimeoutMs: number;
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

/** The four verbs of the call protocol: invite, accept, reject, hangup. */
export function createCallService(deps: CallServiceDeps) {
  const { delivery, calls, presence, logger, machine, endCall, ringTimers } = deps;

  /** Loads a call the device's user is part of, or throws `not_found` (unknown ids and strangers alike). */
  async function callOfUser(callId: string, userId: string): Promise<CallMeta> {
    const call = await calls.byId(callId);
    if (!call || !isPartyUser(call, userId)) throw new AppError('not_found', 'no such call');
    return call;
  }

  /** Why a caller holding a call lock cannot call `to`: glare (they are ringing us) or already in a call. */
  async function callerBusyError(from: Device, to: string): Promise<AppError> {
    const crossed = (await calls.liveCallsOfUser(from.userId)).find(
      (other) => other.state === 'ringing' && other.caller_id === to,
    );
    if (crossed) return new AppError('glare', 'this contact is calling you', crossed.id);
    return new AppError('already_in_call', 'you are already in a call');
  }

  async function invite(from: Device, { to, media, sdp }: CallInvite): Promise<{ callId: string }> {
    if (!(await deps.inviteLimiter.take(from.userId)))
      throw new AppError('rate_limited', 'too many call invites');
    // One statement answers every question below (contact, dnd, who is in a call, the caller's name).
    const check = to === from.userId ? undefined : await calls.inviteCheck(from.userId, to);
    if (!check?.isContact) throw new AppError('not_contact', 'you can only call your contacts');
    // One live call per user: someone ringing (either way) or talking cannot start another call.
    if (check.callerInCall) throw await callerBusyError(from, to);
    if (check.calleeDnd) throw new AppError('dnd', 'do not disturb is on');

    const call = newCallRow(from, to, media, sdp, deps.ringTimeoutMs);
    // One call per user: a callee already ringing or talking is busy.
    if (check.calleeInCall) {
      await machine.refuse(call, 'busy');
      throw new AppError('busy', 'busy');
    }
    if (!(await delivery.isUserConnected(to))) {
      if (!(await deps.grace.recentlyConnected(to))) {
        await machine.refuse(call, 'unavailable');
        throw new AppError('unavailable', 'no device of this contact is online');
      }
      // A device left moments ago (e.g. its worker was stopped): ring; it gets the call in `session`.
      logger.info({ callId: call.id, calleeId: to }, 'callee briefly away: ringing for a returning device');
    }
    // The checks above give precise errors; the locks the ringing INSERT takes decide races between nodes.
    const outcome = await machine.ring(call);
    if (outcome === 'callee_in_call') {
      await machine.refuse(call, 'busy');
      throw new AppError('busy', 'busy');
    }
    if (outcome === 'caller_in_call') throw await callerBusyError(from, to);
    // The caller's candidates sent while this rings are held on this node (its socket is here).
    deps.heldSignals.ringing(call);
    delivery.toUser(to, 'call:incoming', {
      callId: call.id,
      from: publicUser(check.caller),
      media,
      sdp,
      expiresAt: call.expires_at,
    });
    ringTimers.scheduleRing(call);
    return { callId: call.id };
  }

  async function accept(by: Device, { callId, sdp }: CallAccept): Promise<void> {
    // The common case is one conditional UPDATE; the row is read only to say why an accept lost.
    const answered = await machine.accept(callId, by);
    if (!answered) {
      const call = await callOfUser(callId, by.userId);
      if (call.callee_id !== by.userId) throw new AppError('not_found', 'no such call');
      if (call.state === 'active') {
        if (call.callee_device === by.deviceId) return; // a retried accept
        throw new AppError('answered_elsewhere', 'answered on another device');
      }
      // Still ringing, so its ring expired (the call locks keep a ringing callee out of other calls).
      if (call.state === 'ringing') await endCall(call, 'timeout');
      throw new AppError('ended', 'the call has ended');
    }
    ringTimers.clearRing(callId);
    deps.partyCache.remember(answered);
    // Before call:accepted: whichever node holds the caller's early candidates flushes them to the
    // accepting device only, now that the user said yes, and every node caches the parties.
    deps.heldSignals.accepted(callId, answered);
    delivery.toDevices([callerDevice(answered)], 'call:accepted', { callId, sdp });
    delivery.toUser(by.userId, 'call:ended', { callId, reason: 'answered_elsewhere' }, by);
    await Promise.all([
      presence.broadcast(answered.caller_id, true),
      presence.broadcast(answered.callee_id, true),
    ]);
  }

  async function reject(by: Device, { callId }: CallReject): Promise<void> {
    const call = await callOfUser(callId, by.userId);
    if (call.callee_id !== by.userId) throw new AppError('not_found', 'no such call');
    if (call.state !== 'ringing' || !(await endCall(call, 'rejected', by))) {
      throw new AppError('ended', 'the call is no longer ringing');
    }
  }

  async function hangup(by: Device, { callId, reason, quality }: CallHangup): Promise<void> {
    // An active call's parties are usually cached on this node (it relayed the call): no read.
    const cached = deps.partyCache.get(callId);
    const call: CallRef =
      cached && isPartyUser(cached, by.userId)
        ? { ...cached, id: callId }
        : await callOfUser(callId, by.userId);
    if (call.state === 'ended') throw new AppError('ended', 'the call has ended');
    // A device whose camera, microphone or ICE failed says so; while ringing that is neither a
    // cancel nor a decline, and the other side must be told the call failed.
    const failure = reason === 'media_failed' || reason === 'ice_failed' ? reason : undefined;
    let ended: boolean;
    if (call.state === 'ringing' && isCallerDevice(call, by))
      ended = await endCall(call, failure ?? 'cancelled', by);
    else if (call.state === 'ringing' && call.callee_id === by.userId)
      ended = await endCall(call, failure ?? 'rejected', by);
    else if (call.state === 'active' && isPartyDevice(call, by)) {
      ended = await endCall(call, reason ?? 'hangup', by, quality && JSON.stringify(quality));
    } else throw new AppError('not_found', 'this device is not in the call');
    if (!ended) throw new AppError('ended', 'the call has ended');
  }

  return { invite, accept, reject, hangup };
}
