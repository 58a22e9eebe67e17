import type { Frame, Locator } from '@playwright/test';
import {
  clickInOverlay,
  expectContactPresence,
  expectOverlayGone,
  expectPhase,
  expectRinging,
  inOverlay,
  startCall,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';

const quick = { timeout: 2_000 };

/** The button is drawn whole inside the overlay frame (the frame's height fits the panel). */
async function expectUnclipped(frame: Frame, button: Locator): Promise<void> {
  const frameBox = await (await frame.frameElement()).boundingBox();
  const box = await button.boundingBox();
  expect(frameBox && box).toBeTruthy();
  expect(box!.y).toBeGreaterThanOrEqual(frameBox!.y);
  expect(box!.y + box!.height).toBeLessThanOrEqual(frameBox!.y + frameBox!.height);
  expect(box!.x + box!.width).toBeLessThanOrEqual(frameBox!.x + frameBox!.width);
}

test('10. caller identity: a look-alike display name shows its own @username; Accept from the popup', async ({
  sites,
  aliceAndBob: { alice, bob, bobUser },
  createUser,
  connect,
  signedInDevice,
}) => {
  // Mallory picks the real Alice's display name and gets Bob to accept her as a contact.
  const malloryUser = await createUser('mallory', 'Alice Archer');
  await connect(malloryUser, bobUser);
  const mallory = await signedInDevice(malloryUser, sites.a);
  const bobContacts = bob.profile.popup.getByRole('list', { name: 'Contacts' });
  await expect(bobContacts.getByRole('listitem').filter({ hasText: '@mallory' })).toContainText('Online', {
    timeout: 15_000,
  });
  await expect(bobContacts.getByRole('listitem').filter({ hasText: '@alice' })).toContainText('Alice Archer');

  await startCall(mallory, 'Bob Baker', 'video');
  await expectRinging(bob, 'Alice Archer', 'video');
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByText('@mallory', { exact: true })).toBeVisible(quick);
    await expect(frame.getByText('@alice')).toHaveCount(0);
    for (const name of ['Accept', 'Accept with audio only', 'Decline'])
      await expectUnclipped(frame, frame.getByRole('button', { name, exact: true }));
  });
  await saveScreenshot(bob.page, 'ringing-identity.png');
  await clickInOverlay(bob, 'Decline');
  await expectOverlayGone(bob);
  // Three browsers on two cores: Mallory is done, let the real call have the machine.
  await mallory.profile.close();

  // The real Alice calls: the overlay and the popup's current-call row say @alice.
  await expectContactPresence(alice, 'Bob Baker');
  await startCall(alice, 'Bob Baker', 'audio');
  await expectRinging(bob, 'Alice Archer', 'audio');
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByText('@alice', { exact: true })).toBeVisible(quick);
    await expect(frame.getByText('@mallory')).toHaveCount(0);
    await expectUnclipped(frame, frame.getByRole('button', { name: 'Decline' }));
  });
  await saveScreenshot(bob.page, 'ringing-identity-alice.png');

  // The popup tab is not brought to front: a toolbar popup opens over the page, which keeps the overlay.
  const currentCall = bob.profile.popup.getByRole('region', { name: 'Current call' });
  await expect(currentCall).toContainText('Alice Archer is calling you');
  await expect(currentCall).toContainText('@alice');
  await expect(currentCall.getByRole('button', { name: 'Decline' })).toBeVisible();
  await saveScreenshot(bob.profile.popup, 'popup-incoming.png', { width: 380, height: 600 });
  await currentCall.getByRole('button', { name: 'Accept', exact: true }).click();

  await expectPhase(bob, 'active');
  await expectPhase(alice, 'active');
  await expect(currentCall).toContainText('In a call with Alice Archer');
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByRole('timer')).toBeVisible(quick);
    await expect(frame.getByText('@alice', { exact: true })).toBeVisible(quick);
    await expectUnclipped(frame, frame.getByRole('button', { name: 'Hang up' }));
  });
  await saveScreenshot(bob.page, 'in-call-identity.png');
  // Hang up where the call was taken. (Playwright's mouse input stops reaching the page's overlay frame
  // after a click in this background popup tab, so the overlay's Hang up is proven by 01/02 instead.)
  await currentCall.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(async () => (await alice.profile.callState()).phase).not.toBe('active');
});
