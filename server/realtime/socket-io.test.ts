import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { createCallNodes } from './call-delivery.js';
import { answerNodes, heedNodes, type RingsideIo } from './socket-io.js';

// What the Redis adapter does with another node's serverSideEmit(WithAck): call the listeners.
const deliver = (io: RingsideIo, event: string, ...args: unknown[]) =>
  io.listeners(event as never).forEach((listener) => (listener as (...args: unknown[]) => void)(...args));

describe('inter-node events', () => {
  // Not attached to an HTTP server: nothing to close.
  const io = () => new Server() as RingsideIo;

  it('answers calls:forget with true, dropping ids that are not strings', () => {
    const server = io();
    const forgotten: string[][] = [];
    createCallNodes(server).onForgetCalls((callIds) => forgotten.push(callIds));
    const acks: unknown[] = [];
    deliver(server, 'calls:forget', ['c2', 42], (done: unknown) => acks.push(done));
    expect(acks).toEqual([true]);
    expect(forgotten).toEqual([['c2']]);
  });

  it('answers a malformed question with the fallback, without calling the handler', () => {
    const server = io();
    let asked = 0;
    answerNodes(server, 'users:recent', () => (asked++, ['u1']), []);
    const answers: unknown[] = [];
    deliver(server, 'users:recent', 'not ids', 'not a number', (answer: unknown) => answers.push(answer));
    deliver(server, 'users:recent', ['u1'], 1000, (answer: unknown) => answers.push(answer));
    expect(answers).toEqual([[], ['u1']]);
    expect(asked).toBe(1);
  });

  it('ignores a malformed notice', () => {
    const server = io();
    const heard: unknown[] = [];
    heedNodes(server, 'grace:cancel', (callIds, device) => heard.push([callIds, device]));
    deliver(server, 'grace:cancel', ['c1'], { userId: 7 });
    deliver(server, 'grace:cancel', ['c1'], { userId: 'u', deviceId: 'd' });
    expect(heard).toEqual([[['c1'], { userId: 'u', deviceId: 'd' }]]);
  });
});
