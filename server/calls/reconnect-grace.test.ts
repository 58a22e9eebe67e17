import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CallMeta, CallStore } from '../store/calls.js';
import { sleep } from '../../testing/socket-client.js';
import type { Device } from './parties.js';
import type { CallDelivery, CallNodes } from './ports.js';
import { createReconnectGrace } from './reconnect-grace.js';

const GRACE_MS = 300;
const bob: Device = { userId: 'bob', deviceId: 'bob-1' };
const call = {
  id: 'call-1',
  state: 'active',
  caller_id: 'alice',
  caller_device: 'alice-1',
  callee_id: 'bob',
  callee_device: 'bob-1',
} as CallMeta;

/**
 * One node's grace with the rest of the cluster faked: `connected` says whether Bob is on some node,
 * `storeDelayMs` how long the store takes to name his live calls, and `cancel` is what another node's
 * `grace:cancel` delivers here.
 */
function oneNode(storeDelayMs: number) {
  const state = { connected: false, lost: [] as string[] };
  let cancel: (callIds: string[], device: Device) => void = () => undefined;
  const nodes = {
    onRecentUsers: () => undefined,
    onUsersAway: () => undefined,
    onCancelGrace: (handler: typeof cancel) => (cancel = handler),
    recentUsers: async () => [],
    cancelGrace: () => undefined,
  } as unknown as CallNodes;
  const delivery = {
    isUserConnectedHere: () => false,
    isDeviceConnected: async () => state.connected,
  } as unknown as CallDelivery;
  const calls = {
    liveCallsOfUser: async () => (await sleep(storeDelayMs), [call]),
    byId: async () => call,
  } as unknown as CallStore;
  const grace = createReconnectGrace({
    delivery,
    nodes,
    calls,
    logger: pino({ level: 'silent' }),
    reconnectGraceMs: GRACE_MS,
    onPeerLost: async (lostCall) => void state.lost.push(lostCall.id),
  });
  return { grace, state, cancel: (device: Device) => cancel([call.id], device) };
}

describe('reconnect grace on one node of several', () => {
  it('a return on another node that overtakes the drop it ends still gives a later drop a full grace', async () => {
    const node = oneNode(100);
    const left = node.grace.deviceLeft(bob, true); // still asking the store when Bob is back...
    await sleep(20);
    node.state.connected = true; // ...on another node, whose cancel arrives before this grace starts
    node.cancel(bob);
    await left;
    await sleep(20);
    node.state.connected = false; // and away again, at a time this node never hears of
    await sleep(GRACE_MS + 50); // this node's deadline for the first drop has passed
    expect(node.state.lost).toEqual([]);
    await sleep(GRACE_MS + 50); // a full grace from the deadline: gone for good
    expect(node.state.lost).toEqual([call.id]);
    node.grace.stop();
  });

  it('a device that stays away loses its call at the deadline', async () => {
    const node = oneNode(0);
    await node.grace.deviceLeft(bob, true);
    await sleep(GRACE_MS + 100);
    expect(node.state.lost).toEqual([call.id]);
  });

  it('a device back before the deadline keeps its call without a cancel reaching this node', async () => {
    const node = oneNode(0);
    await node.grace.deviceLeft(bob, true);
    node.state.connected = true;
    await sleep(GRACE_MS + 100);
    expect(node.state.lost).toEqual([]);
  });
});
