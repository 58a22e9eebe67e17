import type { CallDelivery, CallNodes } from '../calls/ports.js';
import type { Device } from '../calls/parties.js';
import { deviceRoom, occupiedRooms, roomIsOccupied, userIsConnected, userRoom } from './rooms.js';
import { answerNodes, askNodes, heedNodes, isClustered, tellNodes, type RingsideIo } from './socket-io.js';

const roomOf = (device: Device) => deviceRoom(device.userId, device.deviceId);

/** calls/'s delivery port over Socket.IO rooms (cluster-wide with the Redis adapter). */
export function createCallDelivery(io: RingsideIo): CallDelivery {
  // Socket.IO's typed emit cannot take a generic event name; the port's signature keeps it typed.
  type Emit = (event: string, payload: unknown) => boolean;
  return {
    toUser(userId, event, payload, except) {
      const room = io.to(userRoom(userId));
      ((except ? room.except(roomOf(except)) : room).emit as Emit)(event, payload);
    },
    toDevices(devices, event, payload) {
      if (devices.length > 0) (io.to(devices.map(roomOf)).emit as Emit)(event, payload);
    },
    isUserConnected: (userId) => userIsConnected(io, userId),
    isDeviceConnected: (device) => roomIsOccupied(io, roomOf(device)),
    async connectedDevices(devices) {
      const occupied = await occupiedRooms(io, devices.map(roomOf));
      return (device) => occupied.has(roomOf(device));
    },
    isUserConnectedHere: (userId) => io.of('/').adapter.rooms.has(userRoom(userId)),
  };
}

/** calls/'s port to the other nodes, over the Redis adapter's server-side events. */
export function createCallNodes(io: RingsideIo): CallNodes {
  return {
    async forgetCalls(callIds) {
      if (isClustered(io)) await askNodes(io, 'calls:forget', callIds);
    },
    onForgetCalls: (forget) => answerNodes(io, 'calls:forget', (callIds) => (forget(callIds), true), true),
    callAccepted(callId, parties) {
      if (isClustered(io))
        tellNodes(io, 'calls:accepted', callId, {
          ...parties,
          state: 'active',
          callee_device: parties.callee_device ?? '',
        });
    },
    onCallAccepted: (heed) => heedNodes(io, 'calls:accepted', heed),
    cancelGrace(callIds, device) {
      if (isClustered(io)) tellNodes(io, 'grace:cancel', callIds, device);
    },
    onCancelGrace: (cancel) => heedNodes(io, 'grace:cancel', cancel),
    usersAway(userIds) {
      if (isClustered(io) && userIds.length > 0) tellNodes(io, 'users:away', userIds);
    },
    onUsersAway: (heed) => heedNodes(io, 'users:away', heed),
    async recentUsers(userIds, withinMs) {
      if (!isClustered(io)) return [];
      return (await askNodes(io, 'users:recent', userIds, withinMs)).flat();
    },
    onRecentUsers: (answer) => answerNodes(io, 'users:recent', answer, []),
  };
}
