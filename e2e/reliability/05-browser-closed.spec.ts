/**
 * Issue 4, fault 5: the callee's browser is closed mid-call (the whole Chromium process goes away).
 * The caller must see the end (`Connection lost`, reason `peer_lost`) within the reconnect grace.
 */
import { callHistory } from '../fixtures/api.js';
import { expectEnded } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { establishCall, serverCallsByState } from './helpers.js';

const graceS = 5;
test.use({ bobPath: '', serverOptions: { ringTimeoutS: 20, reconnectGraceS: graceS } });
test.setTimeout(150_000);

test('R5. browser closed mid-call: the peer sees Connection lost within the grace', async ({
  server,
  aliceAndBob: { aliceUser, alice, bob },
}) => {
  const call = await establishCall(alice, bob, 'audio');

  const closedAt = Date.now();
  await bob.profile.context.close();
  await expectEnded(alice, 'Connection lost');
  const seenAfterMs = Date.now() - closedAt;
  test.info().annotations.push({ type: 'end seen after (ms)', description: String(seenAfterMs) });
  // The grace plus the UI's polling and a loaded machine's slack; never the 30 s ICE timeout.
  expect(seenAfterMs).toBeLessThan((graceS + 5) * 1_000);
  expect(await alice.profile.callState()).toMatchObject({ phase: 'ended', endReason: 'peer_lost' });
  await expect.poll(() => alice.profile.stats()).toBeNull();
  await expect.poll(() => serverCallsByState(server.url)).toMatchObject({ active: 0, ringing: 0 });
  const [record] = await callHistory(server.url, aliceUser.token);
  expect(record).toMatchObject({ id: call.callId, status: 'answered', endReason: 'peer_lost' });
});
