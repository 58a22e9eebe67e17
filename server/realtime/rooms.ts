import { occupiedRooms } from './cluster.js';
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, User } from '../../protocol/index.js';

/** What the handshake establishes for a socket (kept in `socket.data`). */
export interface SocketData {
  user: User;
  deviceId: string;
  tokenHash: string;
}

/** Questions nodes ask each other through the Redis adapter (`serverSideEmitWithAck`). */
export interface ServerSideEvents {
  /** Answers with the rooms among `rooms` that have a socket on the answering node. */
  'rooms:present': (rooms: string[], reply: (present: string[]) => void) => void;
  /** A device resumed these calls on the sending node: drop any grace timer for it here. */
  'grace:cancel': (callIds: string[], device: { userId: string; deviceId: string }) => void;
  /** Answers with the users among `userIds` whose last device left the answering node within `withinMs`. */
  'users:recent': (userIds: string[], withinMs: number, reply: (recent: string[]) => void) => void;
  /** These calls ended on the sending node: drop them from the relay's party cache (acked when done). */
  'calls:forget': (callIds: string[], reply: (done: true) => void) => void;
  /** These users' contacts or dnd changed on the sending node: drop what presence cached (acked when done). */
  'presence:forget': (userIds: string[], reply: (done: true) => void) => void;
}

export type RingsideIo = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type RingsideSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

// Sockets are only ever addressed through these rooms (never a local socket map), so the
// Socket.IO Redis adapter can fan them out across nodes unchanged.

/** Every socket of a user, on every device. */
export const userRoom = (userId: string): string => `user:${userId}`;
/** The socket(s) of one device of a user: the party of a call. */
export const deviceRoom = (userId: string, deviceId: string): string => `device:${userId}:${deviceId}`;
/** Sockets authenticated with one session token: what logout disconnects. */
export const tokenRoom = (tokenHash: string): string => `token:${tokenHash}`;

/**
 * Whether any socket (on any node) is in the room. Answered locally when this node has one (the
 * common case on connect), else by asking the other nodes for room names only (see cluster.ts).
 */
export async function roomIsOccupied(io: RingsideIo, room: string): Promise<boolean> {
  return (await occupiedRooms(io, [room])).has(room);
}
