/**
 * A bare Socket.IO relay: the baseline the server load benchmark compares Ringside against.
 *
 * It speaks the same events as PROTOCOL.md but does nothing beyond routing: no authentication
 * (the handshake token is taken as the user id), no validation, no rate limits, no storage, no
 * ring timeout, no presence. A call is just an in-memory pair of sockets so `call:signal` and
 * `call:media` can be routed by `callId`. The gap between this and the real server is the cost
 * of being correct.
 *
 *   PORT=0 HOST=127.0.0.1 tsx bench/bare-relay.ts     -> logs {"msg":"listening","url":...}
 *
 * HTTP: POST /api/auth/register answers `{token: <id>, user}` immediately and POST /api/contacts
 * answers 201, so the load harness can set up users the same way for both targets.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

type AnyAck = (result: unknown) => void;
interface Payload {
  callId?: string;
  to?: string;
  [key: string]: unknown;
}
interface Call {
  caller: Socket;
  callee?: Socket;
  calleeUser: string;
  /** The caller's candidates while ringing, flushed to the accepting socket (as Ringside does). */
  held: Payload[];
}

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const sockets = new Map<string, Set<Socket>>();
const usernames = new Map<string, string>();
const calls = new Map<string, Call>();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const http = createServer((req, res) => {
  void (async () => {
    if (req.method === 'POST' && req.url === '/api/auth/register') {
      const body = JSON.parse((await readBody(req)) || '{}') as { username?: string };
      const id = randomUUID();
      const username = body.username ?? id;
      usernames.set(id, username);
      json(res, 201, { token: id, user: { id, username, displayName: username } });
    } else if (req.method === 'POST' && req.url === '/api/contacts') {
      await readBody(req);
      json(res, 201, {});
    } else if (req.url === '/healthz') {
      json(res, 200, { ok: true });
    } else {
      json(res, 404, { error: { code: 'not_found', message: 'not found' } });
    }
  })().catch(() => json(res, 400, { error: { code: 'invalid', message: 'bad request' } }));
});

const io = new Server(http, { serveClient: false, transports: ['websocket'] });

function other(call: Call, socket: Socket): Socket | undefined {
  return call.caller === socket ? call.callee : call.caller;
}

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { token?: string; deviceId?: string };
  const userId = String(auth.token ?? '');
  let devices = sockets.get(userId);
  if (!devices) sockets.set(userId, (devices = new Set()));
  devices.add(socket);
  const user = { id: userId, username: usernames.get(userId) ?? userId, displayName: userId };
  socket.emit('session', { user, deviceId: auth.deviceId ?? '', calls: [] });

  socket.on('call:invite', (payload: Payload, ack: AnyAck) => {
    const callId = randomUUID();
    const to = String(payload.to);
    calls.set(callId, { caller: socket, calleeUser: to, held: [] });
    for (const device of sockets.get(to) ?? []) {
      device.emit('call:incoming', {
        callId,
        from: user,
        media: payload.media,
        sdp: payload.sdp,
        expiresAt: new Date(Date.now() + 45_000).toISOString(),
      });
    }
    ack({ ok: true, callId });
  });

  socket.on('call:accept', (payload: Payload, ack: AnyAck) => {
    const call = calls.get(String(payload.callId));
    if (!call) return ack({ ok: false, error: { code: 'not_found', message: 'no such call' } });
    call.callee = socket;
    call.caller.emit('call:accepted', { callId: payload.callId, sdp: payload.sdp });
    for (const held of call.held.splice(0)) socket.emit('call:signal', held);
    ack({ ok: true });
  });

  const relay = (event: 'call:signal' | 'call:media') => (payload: Payload, ack: AnyAck) => {
    const call = calls.get(String(payload.callId));
    if (!call) return ack({ ok: false, error: { code: 'not_found', message: 'no such call' } });
    if (!call.callee) {
      if (event === 'call:signal' && socket === call.caller && call.held.length < 64) call.held.push(payload);
      return ack({ ok: true });
    }
    const peer = other(call, socket);
    if (!peer) return ack({ ok: false, error: { code: 'not_found', message: 'no such call' } });
    peer.emit(event, payload);
    ack({ ok: true });
  };
  socket.on('call:signal', relay('call:signal'));
  socket.on('call:media', relay('call:media'));

  const end = (reason: string) => (payload: Payload, ack: AnyAck) => {
    const callId = String(payload.callId);
    const call = calls.get(callId);
    if (!call) return ack({ ok: false, error: { code: 'not_found', message: 'no such call' } });
    calls.delete(callId);
    const peers = call.callee
      ? [other(call, socket)]
      : [...(sockets.get(call.calleeUser) ?? []), call.caller];
    for (const peer of peers) if (peer && peer !== socket) peer.emit('call:ended', { callId, reason });
    ack({ ok: true });
  };
  socket.on('call:hangup', end('hangup'));
  socket.on('call:reject', end('rejected'));

  socket.on('disconnect', () => {
    devices.delete(socket);
    if (devices.size === 0) sockets.delete(userId);
  });
});

http.listen(port, host, () => {
  const address = http.address() as AddressInfo;
  console.info(JSON.stringify({ msg: 'listening', url: `http://${host}:${address.port}`, pid: process.pid }));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void io.close();
    http.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
