import type { CallEndReason } from '../../protocol/index.js';
import { callerDevice, partyDevices, sameDevice, type CallRef, type Device } from './parties.js';
import type { CallDelivery } from './ports.js';

/**
 * Sends `call:ended` to every device that knew of the call and did not end it itself.
 * `call` is the row as it was before it ended (its state says who knew of it).
 */
export function notifyEnded(
  delivery: CallDelivery,
  call: CallRef,
  reason: CallEndReason,
  endedBy?: Device,
): void {
  const payload = (why: CallEndReason) => ({ callId: call.id, reason: why });
  const caller = callerDevice(call);

  if (call.state === 'ringing') {
    // Every callee device is ringing; the caller's inviting device is waiting.
    if (reason === 'rejected') {
      delivery.toDevices([caller], 'call:ended', payload('rejected'));
      delivery.toUser(call.callee_id, 'call:ended', payload('rejected_elsewhere'), endedBy);
      return;
    }
    if (!sameDevice(caller, endedBy)) delivery.toDevices([caller], 'call:ended', payload(reason));
    delivery.toUser(call.callee_id, 'call:ended', payload(reason));
    return;
  }

  const targets = partyDevices(call).filter((device) => !sameDevice(device, endedBy));
  delivery.toDevices(targets, 'call:ended', payload(reason));
}
