import type { CallMedia, CallSignal } from '../../protocol/index.js';
import { limits } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limit.js';
import { deviceRoom, type RingsideIo } from '../realtime/rooms.js';
import type { CallMeta, CallStore } from '../store/calls.js';
import type { Device } from './notify.js';
import type { CallParties, CallPartyCache } from './party-cache.js';

let heldSequence = 0;
/** Sort key for held signals: one caller socket sends them, so per-process order is the send order. */
const nextHeldSeq = () =>
  `${Date.now().toString().padStart(15, '0')}-${(heldSequence++ % 1e9).toString().padStart(9, '0')}`;

/** Relays `call:signal` and `call:media` between the two devices of a call, and nobody else. */
export function createCallRelay(deps: {
  io: RingsideIo;
  calls: CallStore;
  signalLimiter: RateLimiter;
  metrics: Metrics;
  cache: CallPartyCache;
}) {
  const { io, calls, metrics, cache } = deps;

  /** Routes between the two devices of an active call; throws `not_party` for any other device. */
  function peerRoomIn(parties: CallParties, from: Device): string {
    if (parties.callerId === from.userId && parties.callerDevice === from.deviceId)
      return deviceRoom(parties.calleeId, parties.calleeDevice);
    if (parties.calleeId === from.userId && parties.calleeDevice === from.deviceId)
      return deviceRoom(parties.callerId, parties.callerDevice);
    throw new AppError('not_party', 'this device is not a party of the call');
  }

  /**
   * The other party's device room (from the party cache for active calls, no database I/O), or the
   * ringing call (no room yet), or throws `not_found` / `not_party`.
   */
  async function peerRoomOf(
    callId: string,
    from: Device,
  ): Promise<{ peerRoom: string; call?: undefined } | { peerRoom?: undefined; call: CallMeta }> {
    const cached = cache.get(callId);
    if (cached) return { peerRoom: peerRoomIn(cached, from) };
    const call = await calls.byId(callId);
    // An end this node saw while the read was in flight wins over what the read returned.
    if (!call || call.state === 'ended' || cache.hasEnded(callId))
      throw new AppError('not_found', 'no such call');
    const isCaller = call.caller_id === from.userId && call.caller_device === from.deviceId;
    const isCallee = call.callee_id === from.userId && call.callee_device === from.deviceId;
    if (!isCaller && !isCallee) throw new AppError('not_party', 'this device is not a party of the call');
    if (call.state === 'ringing') return { call };
    cache.remember(call);
    const peerRoom = isCaller
      ? deviceRoom(call.callee_id, call.callee_device ?? '')
      : deviceRoom(call.caller_id, call.caller_device);
    return { peerRoom };
  }

  return {
    async signal(from: Device, socketId: string, signal: CallSignal): Promise<void> {
      const started = performance.now();
      if (!deps.signalLimiter.take(socketId)) throw new AppError('rate_limited', 'too many signals');
      const { call, peerRoom } = await peerRoomOf(signal.callId, from);
      if (call) {
        // Ringing: hold the caller's signals (bounded; extras are dropped) for the accepting device.
        await calls.holdSignal(call.id, nextHeldSeq(), JSON.stringify(signal), limits.maxHeldCandidates);
        // An accept may have landed between our read and the insert, after it flushed the held
        // signals: flush again so this one is not stranded.
        const current = await calls.byId(call.id);
        if (current?.state === 'active' && current.callee_device) {
          const room = deviceRoom(current.callee_id, current.callee_device);
          for (const held of await calls.takeHeldSignals(call.id))
            io.to(room).emit('call:signal', JSON.parse(held));
        }
        return;
      }
      io.to(peerRoom).emit('call:signal', signal);
      metrics.relayLatency.observe({ event: 'call:signal' }, (performance.now() - started) / 1000);
    },

    async media(from: Device, media: CallMedia): Promise<void> {
      const started = performance.now();
      const { peerRoom } = await peerRoomOf(media.callId, from);
      if (!peerRoom) return; // nobody to tell yet: the callee learns the media state after accepting
      io.to(peerRoom).emit('call:media', media);
      metrics.relayLatency.observe({ event: 'call:media' }, (performance.now() - started) / 1000);
    },
  };
}

export type CallRelay = ReturnType<typeof createCallRelay>;
