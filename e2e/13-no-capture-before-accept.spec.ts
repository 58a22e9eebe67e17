import { clickInOverlay, expectPhase, expectRemoteVideo, expectRinging, startCall } from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';

/**
 * Issue 12: the offer leaves before the caller's camera is up and the callee prepares its answer
 * while ringing, but the callee's camera and microphone stay off until Accept, and its network
 * addresses reach the caller only after Accept. `capture()` reads the
 * live tracks of every getUserMedia stream the offscreen document opened (e2e build only).
 */
test('13. the callee captures nothing while ringing; camera and microphone start on Accept, stop on hang-up', async ({
  aliceAndBob: { alice, bob },
}) => {
  // Idle: nobody captures (the offscreen document stays open while signed in).
  expect(await alice.profile.capture()).toEqual([]);
  expect(await bob.profile.capture()).toEqual([]);

  await startCall(alice, 'Bob Baker', 'video');
  await expectRinging(bob, 'Alice Archer', 'video');
  // Positive control: the same probe sees the caller's capture, started by the click.
  await expect.poll(() => alice.profile.capture()).toEqual(['audio', 'video']);
  // Bob's side has prepared its answer meanwhile (the overlay's video relay opens then): still
  // nothing captured, over the whole time the call rings here.
  for (let sample = 0; sample < 8; sample++) {
    expect(await bob.profile.capture(), `sample ${sample} while ringing`).toEqual([]);
    await bob.page.waitForTimeout(200);
  }
  expect((await bob.profile.callState()).phase).toBe('incoming');
  // Bob's answer is made and its candidates gather while it rings, but none of them has reached
  // Alice's peer connection (they are held until Accept), and none of Alice's has reached Bob's.
  expect((await alice.profile.stats())?.remoteCandidates, "Bob's candidates at Alice while ringing").toBe(0);
  expect((await bob.profile.stats())?.remoteCandidates, "Alice's candidates at Bob while ringing").toBe(0);

  await clickInOverlay(bob, 'Accept');
  await expect.poll(() => bob.profile.capture()).toEqual(['audio', 'video']);
  await expectPhase(bob, 'active');
  await expectRemoteVideo(alice);
  // The control: after Accept the same figure counts Bob's candidates at Alice.
  expect((await alice.profile.stats())?.remoteCandidates).toBeGreaterThan(0);

  await clickInOverlay(alice, 'Hang up');
  await expect.poll(() => alice.profile.capture()).toEqual([]);
  await expect.poll(() => bob.profile.capture()).toEqual([]);
});
