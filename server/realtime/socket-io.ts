import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents, User } from '../../protocol/index.js';
import type { CallParties, Device } from '../calls/parties.js';

/** What the handshake establishes for a socket (kept in `socket.data`). */
export interface SocketData {
  user: User;
  deviceId: string;
  tokenHash: string;
}

/** Ids; anything but a string among them is dropped (a newer node may send more than we know). */
const Ids = z.array(z.unknown()).transform((items) => items.filter((item) => typeof item === 'string'));
const Done = z.literal(true);

/**
 * Questions and notices nodes send each other through the Redis adapter (`serverSideEmit*`):
 * the arguments of each, and the schema of the answer where the sender waits for one. Only nodes
 * sharing our Redis can send them; still, every payload is checked against these before use.
 */
export const nodeEventSchemas = {
  /** Answers with the rooms among `rooms` that have a socket on the answering node. */
  'rooms:present': { args: z.tuple([Ids]), answer: Ids },
  /** A device resumed these calls on the sending node: drop any grace timer for it here. */
  'grace:cancel': {
    args: z.tuple([Ids, z.object({ userId: z.string(), deviceId: z.string() }) satisfies z.ZodType<Device>]),
  },
  /** The sending node is stopping: these users' devices are about to reconnect elsewhere (keep them ringable). */
  'users:away': { args: z.tuple([Ids]) },
  /** Answers with the users among `userIds` whose last device left the answering node within `withinMs`. */
  'users:recent': { args: z.tuple([Ids, z.number()]), answer: Ids },
  /** These calls ended on the sending node: drop them from the relay's party cache (acked when done). */
  'calls:forget': { args: z.tuple([Ids]), answer: Done },
  /** This call was accepted on the sending node: cache its parties, flush held signals to the accepter. */
  'calls:accepted': {
    args: z.tuple([
      z.string(),
      z.object({
        state: z.literal('active'),
        caller_id: z.string(),
        caller_device: z.string(),
        callee_id: z.string(),
        callee_device: z.string(),
      }) satisfies z.ZodType<CallParties>,
    ]),
  },
  /** These users' contacts or dnd changed on the sending node: drop what presence cached (acked when done). */
  'presence:forget': { args: z.tuple([Ids]), answer: Done },
} as const;

type NodeEvents = typeof nodeEventSchemas;
type NodeEvent = keyof NodeEvents;
type ArgsOf<E extends NodeEvent> = z.infer<NodeEvents[E]['args']>;
type AnswerOf<E extends NodeEvent> = NodeEvents[E] extends { answer: z.ZodType }
  ? z.infer<NodeEvents[E]['answer']>
  : never;
type AskedNodeEvent = {
  [E in NodeEvent]: NodeEvents[E] extends { answer: z.ZodType } ? E : never;
}[NodeEvent];
type ToldNodeEvent = Exclude<NodeEvent, AskedNodeEvent>;

/** The inter-node event map for Socket.IO's generics, derived from `nodeEventSchemas`. */
export type ServerSideEvents = {
  [E in NodeEvent]: NodeEvents[E] extends { answer: z.ZodType }
    ? (...args: [...ArgsOf<E>, (answer: AnswerOf<E>) => void]) => void
    : (...args: ArgsOf<E>) => void;
};

export type RingsideIo = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type RingsideSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

const clustered = new WeakSet<RingsideIo>();

/** Records that this server's adapter spans a cluster (cluster.ts, once the adapter is attached). */
export function markClustered(io: RingsideIo): void {
  clustered.add(io);
}

/** Whether this node runs with the Redis adapter (and so has peers to ask). */
export function isClustered(io: RingsideIo): boolean {
  return clustered.has(io);
}

type Listener = (...args: unknown[]) => void;

/**
 * Answers another node's question. A payload that does not match the schema gets `fallback` (the
 * asker then acts as if this node knew nothing), never a throw.
 */
export function answerNodes<E extends AskedNodeEvent>(
  io: RingsideIo,
  event: E,
  answer: (...args: ArgsOf<E>) => AnswerOf<E>,
  fallback: AnswerOf<E>,
): void {
  (io.on as (event: string, listener: Listener) => void)(event, (...received) => {
    const reply = received.pop();
    const args = nodeEventSchemas[event].args.safeParse(received);
    if (typeof reply === 'function') reply(args.success ? answer(...(args.data as ArgsOf<E>)) : fallback);
  });
}

/** Handles another node's notice; one that does not match the schema is ignored. */
export function heedNodes<E extends ToldNodeEvent>(
  io: RingsideIo,
  event: E,
  heed: (...args: ArgsOf<E>) => void,
): void {
  (io.on as (event: string, listener: Listener) => void)(event, (...received) => {
    const args = nodeEventSchemas[event].args.safeParse(received);
    if (args.success) heed(...(args.data as ArgsOf<E>));
  });
}

/**
 * Asks every other node and resolves with their answers (those that match the schema). Rejects
 * when a node does not answer in time: the caller must not act on a partial answer as if whole.
 */
export async function askNodes<E extends AskedNodeEvent>(
  io: RingsideIo,
  event: E,
  ...args: ArgsOf<E>
): Promise<AnswerOf<E>[]> {
  const emit = io.serverSideEmitWithAck as (event: string, ...args: unknown[]) => Promise<unknown[]>;
  const answers = await emit.call(io, event, ...args);
  const schema = nodeEventSchemas[event].answer;
  return answers.flatMap((answer) => {
    const parsed = schema.safeParse(answer);
    return parsed.success ? [parsed.data as AnswerOf<E>] : [];
  });
}

/** Tells every other node, without waiting for anything. */
export function tellNodes<E extends ToldNodeEvent>(io: RingsideIo, event: E, ...args: ArgsOf<E>): void {
  (io.serverSideEmit as (event: string, ...args: unknown[]) => boolean).call(io, event, ...args);
}
