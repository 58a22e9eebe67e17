import type { CallMedia, CallRecordEvent, CallSignal } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../limits/limiters.js';
import type { CallStore } from '../store/calls.js';
import type { HeldSignals } from './held-signals.js';
import { isPartyDevice, peerDeviceOf, type CallParties, type Device } from './parties.js';
import type { CallPartyCache } from './party-cache.js';
import type { CallDelivery } from './ports.js';

/** Relays `call:signal`, `call:media` and `call:record` between the two devices of a call, and nobody else. */
export function createCallRelay(deps: {
  delivery: CallDelivery;
  calls: CallStore;
  heldSignals: HeldSignals;
  signalLimiter: RateLimiter;
  recordLimiter: RateLimiter;
  metrics: Metrics;
  cache: CallPartyCache;
}) {
  const { delivery, calls, metrics, cache } = deps;

  /** The other party's device; throws `not_party` for a device that is not one of the two. */
  function peerIn(call: CallParties, from: Device): Device {
    const peer = isPartyDevice(call, from) ? peerDeviceOf(call, from) : undefined;
    if (!peer) throw new AppError('not_party', 'this device is not a party of the call');
    return peer;
  }

  /**
   * The other party's device (from the party cache for active calls, no database I/O), or nothing
   * for a ringing call (no peer device yet; known without I/O on the node the caller invited from),
   * or throws `not_found` / `not_party`.
   */
  async function peerOf(callId: string, from: Device): Promise<Device | undefined> {
    const cached = cache.get(callId);
    if (cached) return peerIn(cached, from);
    if (deps.heldSignals.isRingingFrom(callId, from)) return undefined;
    const call = await calls.byId(callId);
    // An end this node saw while the read was in flight wins over what the read returned.
    if (!call || call.state === 'ended' || cache.hasEnded(callId))
      throw new AppError('not_found', 'no such call');
    // So does an accept (`calls:accepted` from another node): holding would keep this signal forever.
    const acceptedMeanwhile = cache.get(callId);
    if (acceptedMeanwhile) return peerIn(acceptedMeanwhile, from);
    if (!isPartyDevice(call, from)) throw new AppError('not_party', 'this device is not a party of the call');
    if (call.state === 'ringing') return undefined;
    cache.remember(call);
    // Accepted on a node whose `calls:accepted` notice this node missed: flush what it holds now.
    deps.heldSignals.accepted(call.id, call, false);
    return peerIn(call, from);
  }

  return {
    async signal(from: Device, signal: CallSignal): Promise<void> {
      const started = performance.now();
      // Per user and call, not per socket: every socket of the user shares one budget for the call.
      if (!(await deps.signalLimiter.take(`${from.userId}|${signal.callId}`)))
        throw new AppError('rate_limited', 'too many signals');
      const peer = await peerOf(signal.callId, from);
      // Ringing: held (in this node's memory) for the accepting device.
      if (!peer) return deps.heldSignals.hold(signal, from);
      delivery.toDevices([peer], 'call:signal', signal);
      metrics.relayLatency.observe({ event: 'call:signal' }, (performance.now() - started) / 1000);
    },

    async media(from: Device, media: CallMedia): Promise<void> {
      const started = performance.now();
      const peer = await peerOf(media.callId, from);
      if (!peer) return; // nobody to tell yet: the callee learns the media state after accepting
      delivery.toDevices([peer], 'call:media', media);
      metrics.relayLatency.observe({ event: 'call:media' }, (performance.now() - started) / 1000);
    },

    /** Issue 15: recording consent, only between the two devices of an ACTIVE call (never held while ringing). */
    async record(from: Device, record: CallRecordEvent): Promise<void> {
      const started = performance.now();
      if (!(await deps.recordLimiter.take(`${from.userId}|${record.callId}`)))
        throw new AppError('rate_limited', 'too many recording requests');
      const peer = await peerOf(record.callId, from);
      if (!peer) throw new AppError('not_active', 'the call is not active');
      delivery.toDevices([peer], 'call:record', record);
      metrics.relayLatency.observe({ event: 'call:record' }, (performance.now() - started) / 1000);
    },
  };
}
