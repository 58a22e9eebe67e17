/**
 * Issue 14: screen share with sound. Alice's profile runs Chrome's real picker (no fake media UI),
 * answered by `--auto-select-desktop-capture-source` with the title of a tab playing a 440 Hz tone
 * over a magenta and yellow picture; the capture happens in her offscreen document.
 */
import type { Frame, Page } from '@playwright/test';
import { expectOverlayGone, expectPhase, inOverlay } from './fixtures/call.js';
import { expect, test, type AliceAndBob, type Device, type TestUser } from './fixtures/index.js';
import type { ProfileOptions } from './fixtures/profile.js';
import type { TestSites } from './fixtures/sites.js';
import { saveScreenshot } from './fixtures/screenshots.js';
import {
  clickPatiently,
  connectCallPatiently,
  expectShareAudio,
  expectVideoRendering,
  shareSourceTitle,
  startShareSource,
  type ShareSource,
} from './fixtures/share.js';

const quick = { timeout: 2_000 };
// Two profiles, one of them sharing a tab, on a shared 2-core machine.
test.setTimeout(240_000);
let source: ShareSource;
test.beforeAll(async () => {
  source = await startShareSource();
});
test.afterAll(async () => {
  await source.close();
});

/** Alice (real picker) and Bob (fake media UI), mutual contacts; Alice's share source open in a second tab. */
interface SetupFixtures {
  sites: TestSites;
  createUser: (username: string, displayName: string) => Promise<TestUser>;
  connect: (a: TestUser, b: TestUser) => Promise<void>;
  signedInDevice: (user: TestUser, url: string, options?: Partial<ProfileOptions>) => Promise<Device>;
}

async function aliceWithPicker({
  sites,
  createUser,
  connect,
  signedInDevice,
}: SetupFixtures): Promise<AliceAndBob & { sourceTab: Page }> {
  const aliceUser = await createUser('alice', 'Alice Archer');
  const bobUser = await createUser('bob', 'Bob Baker');
  await connect(aliceUser, bobUser);
  const alice = await signedInDevice(aliceUser, sites.a, { media: 'picker', shareSource: shareSourceTitle });
  const sourceTab = await alice.profile.openSite(source.url);
  await expect
    .poll(() => sourceTab.evaluate(() => (window as { toneState?: () => string }).toneState?.()))
    .toBe('running');
  await alice.page.bringToFront();
  const bob = await signedInDevice(bobUser, `${sites.a}/other.html`);
  return { aliceUser, bobUser, alice, bob, sourceTab };
}

const sharedScreen = (device: Device) => () => device.profile.overlay(device.page, 3_000);

async function expectSharing(device: Device, sharing: boolean): Promise<Frame> {
  return inOverlay(
    device,
    async (frame) => {
      const banner = frame.getByText('You are sharing your screen');
      if (sharing) {
        await expect(banner).toBeVisible(quick);
        await expect(frame.getByRole('button', { name: 'Stop sharing' })).toBeVisible(quick);
      } else {
        await expect(banner).toBeHidden(quick);
        await expect(frame.getByRole('button', { name: 'Share screen' })).toBeVisible(quick);
      }
    },
    45_000,
  );
}

async function expectNoShareShown(device: Device): Promise<void> {
  await inOverlay(device, (frame) =>
    expect(frame.locator('video[aria-label="Shared screen"]')).toHaveCount(0, quick),
  );
}

test('14a. video call: Alice shares a tab with its sound; Bob sees it large with the camera small and hears it; stop from the overlay, then by closing the shared tab', async ({
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  const { alice, bob, sourceTab } = await aliceWithPicker({ sites, createUser, connect, signedInDevice });
  await connectCallPatiently(alice, bob, 'video');

  await clickPatiently(alice, 'Share screen');
  await expectSharing(alice, true);
  const atBob = await expectVideoRendering(sharedScreen(bob), 'Shared screen', {
    picture: true,
    message: "Bob: Alice's shared tab",
  });
  expect(atBob.magenta).toBeGreaterThan(0.2);
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByText('Alice Archer is sharing their screen')).toBeVisible(quick);
    // The camera keeps going beside the share: small, on its own transceiver.
    await expect(frame.locator('video[aria-label="Remote video"]')).toBeVisible(quick);
  });
  await expectVideoRendering(sharedScreen(bob), 'Remote video', {
    message: "Bob: Alice's camera beside the share",
  });
  const level = await expectShareAudio(bob);
  expect(level).toBeGreaterThan(0.01);
  const sent = await alice.profile.shareStats();
  expect(sent?.sentFramesEncoded).toBeGreaterThan(0);
  await saveScreenshot(bob.page, 'screen-share.png');
  await saveScreenshot(alice.page, 'sharing.png');

  // Stop from the overlay: Bob's stage goes back to the camera, the call goes on.
  await clickPatiently(alice, 'Stop sharing');
  await expectSharing(alice, false);
  await expectNoShareShown(bob);
  await expectVideoRendering(() => bob.profile.overlay(bob.page, 3_000), 'Remote video', {
    message: 'bob: remote video in the overlay',
  });

  // Share again, then close the shared tab: the share ends the same way.
  await clickPatiently(alice, 'Share screen');
  await expectSharing(alice, true);
  await expectVideoRendering(sharedScreen(bob), 'Shared screen', { picture: true });
  await sourceTab.close();
  await expectSharing(alice, false);
  await expectNoShareShown(bob);
  expect((await alice.profile.callState()).phase).toBe('active');
  await expectVideoRendering(() => bob.profile.overlay(bob.page, 3_000), 'Remote video', {
    message: 'bob: remote video in the overlay',
  });

  await clickPatiently(bob, 'Hang up');
  await expectOverlayGone(alice);
  await expectOverlayGone(bob);
  await expect.poll(() => alice.profile.shareStats()).toBeNull();
});

test('14b. audio call: Alice shares; then Bob shares and his share replaces hers with a notice; hang-up ends it', async ({
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  const { alice, bob } = await aliceWithPicker({ sites, createUser, connect, signedInDevice });
  await connectCallPatiently(alice, bob, 'audio');

  await clickPatiently(alice, 'Share screen');
  await expectSharing(alice, true);
  await expectVideoRendering(sharedScreen(bob), 'Shared screen', {
    picture: true,
    message: "Bob (audio call): Alice's shared tab",
  });
  await expectShareAudio(bob);

  // Bob's profile has the fake media UI: its "screen" is Chromium's fake capture source.
  await clickPatiently(bob, 'Share screen');
  await expectSharing(bob, true);
  await inOverlay(alice, async (frame) => {
    await expect(frame.getByRole('alert')).toContainText(
      'Bob Baker is sharing now: your share stopped',
      quick,
    );
    await expect(frame.getByText('You are sharing your screen')).toBeHidden(quick);
  });
  await expectVideoRendering(sharedScreen(alice), 'Shared screen', { message: "Alice: Bob's share" });
  await expectNoShareShown(bob);

  // Bob's "ended" lasts 4 s; a patient click may take longer than that to confirm, so watch meanwhile.
  await Promise.all([clickPatiently(alice, 'Hang up'), expectPhase(bob, 'ended')]);
  await expectOverlayGone(bob);
  await expect.poll(() => bob.profile.shareStats()).toBeNull();
});
