import {
  clickInOverlay,
  inOverlay,
  expectAudioFlowing,
  expectOverlayGone,
  expectPhase,
  expectRemoteVideo,
  expectRinging,
  startCall,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';

const quick = { timeout: 2_000 };

// Bob starts on sites.a itself; the test then opens other.html in a second tab.
test.use({ bobPath: '' });

test('4. the callee switches tabs, then navigates to another site: the call continues, the overlay follows', async ({
  sites,
  aliceAndBob: { alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'video');
  await expectRinging(bob, 'Alice Archer', 'video');
  await clickInOverlay(bob, 'Accept');
  await expectPhase(bob, 'active');
  const { callId } = await bob.profile.callState();
  expect(callId).toBeTruthy();
  await expectAudioFlowing(bob);

  // A new tab in front: the overlay moves there, the first tab no longer hosts it.
  const firstTab = bob.page;
  const secondTab = await bob.profile.openSite(`${sites.a}/other.html`);
  bob.page = secondTab;
  await inOverlay(bob, (frame) => expect(frame.getByRole('button', { name: 'Hang up' })).toBeVisible(quick));
  await expect
    .poll(() => bob.profile.hasOverlay(firstTab), { message: 'overlay leaves the old tab' })
    .toBe(false);
  await expectAudioFlowing(bob);

  // Navigate that tab to a different site with a strict CSP and camera/microphone blocked.
  await secondTab.goto(sites.b);
  await expect(secondTab.getByRole('heading', { name: 'Pinecone Recipes' })).toBeVisible();
  await inOverlay(
    bob,
    async (frame) => {
      await expect(frame.getByRole('button', { name: 'Hang up' })).toBeVisible(quick);
      await expect(frame.getByRole('timer')).toBeVisible(quick);
    },
    20_000,
  );
  await expectRemoteVideo(bob);
  // This overlay's relay opened mid-call: it encodes the decoded video (a forwarded stream would
  // have to wait for the peer's next key frame), and the video shows.
  expect(await bob.profile.relays(), 'bob: the relay opened mid-call encodes').toMatchObject({
    forwarded: 0,
  });

  // Same call, media still flowing both ways after the navigation.
  expect((await bob.profile.callState()).callId).toBe(callId);
  expect((await alice.profile.callState()).phase).toBe('active');
  await expectAudioFlowing(bob);
  await expectAudioFlowing(alice);

  await clickInOverlay(bob, 'Hang up');
  await expectOverlayGone(bob);
  await expectOverlayGone(alice);
});
