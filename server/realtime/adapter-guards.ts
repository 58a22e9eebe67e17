import type { Redis } from 'ioredis';
import type { RingsideIo } from './socket-io.js';

// Two gaps between Socket.IO's connection state recovery and the Redis Streams adapter
// (socket.io 4.8, socket.io-adapter 2.5, @socket.io/redis-streams-adapter 0.3), closed here from
// outside the libraries. Both lost events in server/scale-out-recovery.test.ts under load.

/** The parts of the adapter instance (socket.io-adapter's in-memory adapter) these guards touch. */
interface AdapterInternals {
  uid: string;
  sids: Map<string, Set<string>>;
  nsp: { _preConnectSockets?: Map<string, unknown> };
  apply(opts: { rooms: Set<string>; except?: Set<string> }, callback: (socket: unknown) => void): void;
  computeExceptSids(except?: Set<string>): Set<string>;
  onRawMessage?(raw: Record<string, string>, offset: string): void;
}

const internals = (io: RingsideIo) => io.of('/').adapter as unknown as AdapterInternals;

/**
 * A recovered socket gets its rooms back (and its missed packets, read from the stream) before the
 * handshake middleware runs; only once the middleware passes does Socket.IO list it among the
 * namespace's sockets, and until then the adapter skips it when it delivers a broadcast. With an
 * asynchronous middleware (ours reads the session and takes a socket slot in Redis), every event
 * emitted to its rooms in between was lost: read too late for the missed packets, delivered too
 * early for the socket. Here a broadcast also reaches sockets still in the middleware that are
 * already in a target room (only recovered ones are: a fresh socket joins rooms on connect); the
 * client buffers what arrives before its CONNECT, as it does for the missed packets.
 */
export function deliverToRecoveringSockets(io: RingsideIo): void {
  const adapter = internals(io);
  const pending = adapter.nsp._preConnectSockets;
  if (!pending) return; // a Socket.IO without the pre-connect map: nothing to reach
  const apply = adapter.apply.bind(adapter);
  adapter.apply = (opts, callback) => {
    apply(opts, callback);
    if (pending.size === 0) return;
    const except = adapter.computeExceptSids(opts.except);
    for (const [id, socket] of pending) {
      const joined = adapter.sids.get(id);
      if (!joined || except.has(id)) continue;
      if (opts.rooms.size === 0 || [...opts.rooms].some((room) => joined.has(room))) callback(socket);
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The adapter subscribes to pub/sub and starts reading the stream on connections of its own,
 * asynchronously. Until both run, this node neither answers the other nodes' questions (so they
 * think its sockets are not there, and an invite to a user connected here gets `unavailable`) nor
 * hears their answers, and it never sees the stream entries appended before its first XREAD (the
 * events other nodes send to its sockets). Resolves once its private pub/sub channel has a
 * subscriber and its stream reader has delivered a probe entry appended after the call.
 */
export async function waitForAdapter(
  io: RingsideIo,
  redis: Redis,
  names: { channelPrefix: string; streamName: string; maxLen: number },
  timeoutMs = 60_000,
): Promise<void> {
  const adapter = internals(io);
  const deadline = Date.now() + timeoutMs;
  const privateChannel = `${names.channelPrefix}#/#${adapter.uid}#`;
  for (;;) {
    const [, subscribers] = (await redis.pubsub('NUMSUB', privateChannel)) as [string, number];
    if (Number(subscribers) >= 1) break;
    if (Date.now() > deadline) throw new Error('the Redis adapter did not subscribe in time');
    await sleep(20);
  }
  const onRawMessage = adapter.onRawMessage;
  if (!onRawMessage) return; // not the streams adapter's shape: nothing to probe
  // Other nodes read the probe too and drop it (an unknown message type).
  const probe = `ready-probe:${adapter.uid}`;
  let seen = false;
  adapter.onRawMessage = function (raw, offset) {
    if (raw.uid === probe) seen = true;
    else onRawMessage.call(this, raw, offset);
  };
  try {
    while (!seen) {
      if (Date.now() > deadline) throw new Error('the Redis stream reader did not start in time');
      await redis.xadd(
        names.streamName,
        'MAXLEN',
        '~',
        String(names.maxLen),
        '*',
        'uid',
        probe,
        'nsp',
        '/',
        'type',
        '-1',
      );
      for (let waited = 0; waited < 500 && !seen; waited += 20) await sleep(20);
    }
  } finally {
    adapter.onRawMessage = onRawMessage;
  }
}
