import { answerNodes, askNodes, isClustered, type RingsideIo } from './socket-io.js';

// Sockets are only ever addressed through these rooms (never a local socket map), so the
// Socket.IO Redis adapter can fan them out across nodes unchanged.

/** Every socket of a user, on every device. */
export const userRoom = (userId: string): string => `user:${userId}`;
/** The socket(s) of one device of a user: the party of a call. */
export const deviceRoom = (userId: string, deviceId: string): string => `device:${userId}:${deviceId}`;
/** Sockets authenticated with one session token: what logout disconnects. */
export const tokenRoom = (tokenHash: string): string => `token:${tokenHash}`;

function localRooms(io: RingsideIo, rooms: string[]): string[] {
  const here = io.of('/').adapter.rooms;
  return rooms.filter((room) => (here.get(room)?.size ?? 0) > 0);
}

/** Answers the other nodes' `rooms:present` questions with the rooms that have sockets on this node. */
export function answerRoomQueries(io: RingsideIo): void {
  answerNodes(io, 'rooms:present', (rooms) => localRooms(io, rooms), []);
}

/**
 * Which of `rooms` have a socket on any node. One round trip for many rooms, and the answers
 * carry room names only (`fetchSockets()` would ship every socket's handshake). Rejects when a
 * node does not answer in time: the caller must not act on a partial answer.
 */
export async function occupiedRooms(io: RingsideIo, rooms: string[]): Promise<Set<string>> {
  const present = new Set(localRooms(io, rooms));
  const elsewhere = rooms.filter((room) => !present.has(room));
  if (elsewhere.length === 0 || !isClustered(io)) return present;
  for (const answer of await askNodes(io, 'rooms:present', elsewhere))
    for (const room of answer) present.add(room);
  return present;
}

/** A positive-only hint per server (the node registry, when clustered): "some node serves this user". */
const userListings = new WeakMap<RingsideIo, (userId: string) => Promise<boolean>>();

/** Lets `userIsConnected` take the registry's word for a "yes" (cluster.ts, with the Redis adapter). */
export function useUserListing(io: RingsideIo, listed: (userId: string) => Promise<boolean>): void {
  userListings.set(io, listed);
}

/**
 * Whether any device of the user is connected, on any node: this node's rooms, else the node
 * registry (one Redis command), and only when that says no, the other nodes themselves.
 */
export async function userIsConnected(io: RingsideIo, userId: string): Promise<boolean> {
  const room = userRoom(userId);
  if (localRooms(io, [room]).length > 0) return true;
  const listed = userListings.get(io);
  if (listed && (await listed(userId))) return true;
  return roomIsOccupied(io, room);
}

/**
 * Whether any socket (on any node) is in the room. Answered locally when this node has one (the
 * common case on connect), else by asking the other nodes for room names only.
 */
export async function roomIsOccupied(io: RingsideIo, room: string): Promise<boolean> {
  return (await occupiedRooms(io, [room])).has(room);
}
