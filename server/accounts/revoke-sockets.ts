import type { SessionRevokedReason } from '../../protocol/index.js';
import { tokenRoom, userRoom } from '../realtime/rooms.js';
import type { RingsideIo } from '../realtime/socket-io.js';

/**
 * Tells the sockets of these sessions why they are being signed out (`session:revoked`), then
 * disconnects them, on every node (through the rooms). The client signs out on either: the event
 * gives the reason, the disconnect (and the `unauthorized` of any reconnect) makes it final.
 */
export function revokeSessionSockets(
  io: RingsideIo,
  tokenHashes: string[],
  reason: SessionRevokedReason,
): void {
  if (tokenHashes.length === 0) return;
  const rooms = tokenHashes.map(tokenRoom);
  io.to(rooms).emit('session:revoked', { reason });
  io.in(rooms).disconnectSockets(true);
}

/** The same for every socket of a user (account deleted). */
export function revokeUserSockets(io: RingsideIo, userId: string, reason: SessionRevokedReason): void {
  io.to(userRoom(userId)).emit('session:revoked', { reason });
  io.in(userRoom(userId)).disconnectSockets(true);
}
