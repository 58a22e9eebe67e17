import type { CallEndReason } from '../../protocol/index.js';
import { deviceRoom, userRoom, type RingsideIo } from '../realtime/rooms.js';
import type { CallMeta } from '../store/calls.js';

/** Who ended a call (a device of a user), when a device did. */
export interface Device {
  userId: string;
  deviceId: string;
}

/**
 * Sends `call:ended` to every device that knew of the call and did not end it itself.
 * `call` is the row as it was before it ended (its state says who knew of it).
 */
export function notifyEnded(io: RingsideIo, call: CallMeta, reason: CallEndReason, endedBy?: Device): void {
  const payload = (why: CallEndReason) => ({ callId: call.id, reason: why });
  const callerDevice = deviceRoom(call.caller_id, call.caller_device);
  const endedByRoom = endedBy ? deviceRoom(endedBy.userId, endedBy.deviceId) : undefined;

  if (call.state === 'ringing') {
    // Every callee device is ringing; the caller's inviting device is waiting.
    if (reason === 'rejected') {
      io.to(callerDevice).emit('call:ended', payload('rejected'));
      const others = io.to(userRoom(call.callee_id));
      (endedByRoom ? others.except(endedByRoom) : others).emit('call:ended', payload('rejected_elsewhere'));
      return;
    }
    if (endedByRoom !== callerDevice) io.to(callerDevice).emit('call:ended', payload(reason));
    io.to(userRoom(call.callee_id)).emit('call:ended', payload(reason));
    return;
  }

  const rooms = [callerDevice];
  if (call.callee_device) rooms.push(deviceRoom(call.callee_id, call.callee_device));
  const targets = rooms.filter((room) => room !== endedByRoom);
  if (targets.length > 0) io.to(targets).emit('call:ended', payload(reason));
}
