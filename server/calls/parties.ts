import type { CallMeta } from '../store/calls.js';

/** One device of a user: a party of a call, or one that may still answer it. */
export interface Device {
  userId: string;
  deviceId: string;
}

/** The columns that say who is in a call. */
export type CallParties = Pick<
  CallMeta,
  'state' | 'caller_id' | 'caller_device' | 'callee_id' | 'callee_device'
>;

/** A call known by its id and parties: enough to end it and tell its devices (the relay's cache has it). */
export type CallRef = CallParties & { id: string };

/** The caller's inviting device. */
export const callerDevice = (call: CallParties): Device => ({
  userId: call.caller_id,
  deviceId: call.caller_device,
});

/** The callee's accepting device, once a device accepted. */
export const calleeDevice = (call: CallParties): Device | undefined =>
  call.callee_device ? { userId: call.callee_id, deviceId: call.callee_device } : undefined;

/** Whether both are the same device (false when either is missing). */
export const sameDevice = (a: Device | undefined, b: Device | undefined): boolean =>
  !!a && !!b && a.userId === b.userId && a.deviceId === b.deviceId;

/** Whether the device is the caller's inviting device. */
export const isCallerDevice = (call: CallParties, device: Device): boolean =>
  sameDevice(callerDevice(call), device);

/** Whether the device is the callee's accepting device. */
export const isCalleeDevice = (call: CallParties, device: Device): boolean =>
  sameDevice(calleeDevice(call), device);

/** Whether the device is one of the call's parties: the inviting device or the accepting one. */
export const isPartyDevice = (call: CallParties, device: Device): boolean =>
  isCallerDevice(call, device) || isCalleeDevice(call, device);

/** The devices a live call depends on: the caller's, and the callee's once it answered. */
export function partyDevices(call: CallParties): Device[] {
  const callee = calleeDevice(call);
  return callee ? [callerDevice(call), callee] : [callerDevice(call)];
}

/** The other party's device, when `device` is a party of the call and the other party has one. */
export function peerDeviceOf(call: CallParties, device: Device): Device | undefined {
  if (isCallerDevice(call, device)) return calleeDevice(call);
  if (isCalleeDevice(call, device)) return callerDevice(call);
  return undefined;
}

/** Whether the device takes part in the call, or (a callee device of a ringing call) may still answer it. */
export function deviceSeesCall(call: CallParties, device: Device): boolean {
  if (isPartyDevice(call, device)) return true;
  return call.callee_id === device.userId && call.state === 'ringing';
}

/** Whether the user is the caller or the callee. */
export const isPartyUser = (call: CallParties, userId: string): boolean =>
  call.caller_id === userId || call.callee_id === userId;

/** The other user of the call, as seen by `userId`. */
export const peerUserOf = (call: CallParties, userId: string): string =>
  call.caller_id === userId ? call.callee_id : call.caller_id;
