import type { Frame, Page } from '@playwright/test';
import { api } from '../testing/api-client.js';
import { expectFocusRing, expectNoSeriousViolations, liveText, tabTo } from './fixtures/a11y.js';
import {
  expectCallWindow,
  expectEnded,
  expectPhase,
  expectRinging,
  inOverlay,
  startCall,
  expectContactPresence,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';

const quick = { timeout: 2_000 };

// axe in two themes and screenshots take a while on a loaded machine: the calls ring long enough.
test.use({ serverOptions: { ringTimeoutS: 120, reconnectGraceS: 30 } });
const popupSize = { width: 380, height: 640 };

/** Saves `name-light.png` and `name-dark.png` of the page (prefers-color-scheme emulated). */
async function bothThemes(page: Page, name: string, viewport?: { width: number; height: number }) {
  // A background tab runs no CSS transitions: the colours would stay half-way.
  await page.bringToFront();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(400);
    await saveScreenshot(page, `${name}-${colorScheme}.png`, viewport);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** axe in both themes: the palettes differ, so contrast is checked in each. */
async function axeBothThemes(page: Page, target: () => Promise<Page | Frame>, what: string) {
  await page.bringToFront();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(400); // colour transitions end (axe measures what is drawn)
    await expectNoSeriousViolations(await target(), `${what} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('16a. signed out: the sign-in popup and the permission page pass axe', async ({ launchProfile }) => {
  const profile = await launchProfile({ label: 'newcomer' });
  const popup = await profile.openPopup();
  await expect(popup.getByRole('button', { name: 'Create account' })).toBeVisible();
  await axeBothThemes(popup, async () => popup, 'the signed-out popup');
  await tabTo(popup, popup.getByLabel('Server URL'));
  await expectFocusRing(popup.getByLabel('Server URL'));
  await popup.getByRole('button', { name: 'Sign in' }).focus();
  await popup.keyboard.press('Tab');
  await expectFocusRing(popup.getByRole('button', { name: 'Create account' }));
  await bothThemes(popup, 'popup-signed-out', popupSize);

  const permission = await profile.context.newPage();
  await permission.goto(profile.extensionUrl('permission.html'));
  await expect(permission.getByRole('button', { name: 'Allow camera and microphone' })).toBeVisible();
  await axeBothThemes(permission, async () => permission, 'the permission page');
  await bothThemes(permission, 'permission', { width: 1280, height: 800 });
});

test('16b. popup with contacts and requests, ringing and in-call overlay: axe, live regions, keyboard', async ({
  server,
  createUser,
  connect,
  aliceAndBob: { alice, bob, bobUser },
}) => {
  test.setTimeout(300_000);
  // Bob has more contacts than fit at a glance (the filter box appears) and one request waiting.
  for (const [username, displayName] of [
    ['carol', 'Carol Chen'],
    ['dave', 'Dave Dubois'],
    ['erin', 'Erin Eriksen'],
    ['frank', 'Frank Fischer'],
    ['grace', 'Grace García'],
  ] as const)
    await connect(await createUser(username, displayName), bobUser);
  const heidi = await createUser('heidi', 'Heidi Hall');
  const request = await api(server.url, 'POST', '/api/contacts', {
    token: heidi.token,
    body: { username: 'bob' },
  });
  expect(request.status).toBe(201);

  const popup = bob.profile.popup;
  await popup.reload();
  await expectContactPresence(bob, 'Alice Archer');
  const contacts = popup.getByRole('list', { name: 'Contacts' });
  await expect(contacts.getByRole('listitem')).toHaveCount(6);
  // Presence first (Alice is the one online), then by name.
  await expect(contacts.getByRole('listitem').first()).toContainText('Alice Archer');
  await expect(contacts.getByRole('listitem').nth(1)).toContainText('Carol Chen');
  await expect(popup.getByRole('button', { name: 'Accept request from Heidi Hall' })).toBeVisible();
  await expect(popup.getByText(`on ${new URL(server.url).host}`)).toBeVisible();
  await axeBothThemes(popup, async () => popup, 'the popup with contacts and a request');
  await bothThemes(popup, 'popup', popupSize);

  // Removing a contact is behind a menu and asks first; keeping the contact changes nothing.
  await popup.getByRole('button', { name: 'More for Carol Chen' }).click();
  await popup.getByRole('button', { name: 'Remove Carol Chen' }).click();
  const confirm = popup.getByRole('dialog', { name: 'Remove Carol Chen?' });
  await expect(confirm).toBeVisible();
  await expectNoSeriousViolations(popup, 'the remove-contact confirmation');
  await bothThemes(popup, 'popup-remove-confirm', popupSize);
  await confirm.getByRole('button', { name: 'Keep contact' }).click();
  await expect(contacts.getByRole('listitem')).toHaveCount(6);

  // The filter, then the keyboard: Tab from the filter box to the first call button and press Enter.
  const filter = popup.getByLabel('Filter contacts');
  await filter.fill('ali');
  await expect(contacts.getByRole('listitem')).toHaveCount(1);
  await filter.focus();
  await popup.keyboard.press('Tab');
  const audioCall = popup.getByRole('button', { name: 'Audio call Alice Archer' });
  await expectFocusRing(audioCall);

  // Alice is reading a page, focus on one of its links: the ringing must not take it.
  await alice.page.bringToFront();
  await alice.page.getByRole('link', { name: 'Weather this week' }).focus();
  await popup.bringToFront();
  await popup.keyboard.press('Enter');
  // Back to the page, as startCall does: with the popup's tab in front the call would take a window.
  await bob.page.bringToFront();
  await alice.page.bringToFront();
  const ringing = await expectRinging(alice, 'Bob Baker', 'audio');
  await expect
    .poll(() => liveText(ringing), { message: 'the ringing call is announced' })
    .toContain('Ringing: Bob Baker, @bob, audio');
  expect(
    await alice.page.evaluate(() => document.activeElement?.textContent),
    'the page keeps its focus while the call rings',
  ).toBe('Weather this week');
  await inOverlay(alice, async (frame) => expectNoSeriousViolations(frame, 'the ringing overlay'));
  await alice.page.emulateMedia({ colorScheme: 'dark' });
  await inOverlay(alice, async (frame) => expectNoSeriousViolations(frame, 'the ringing overlay (dark)'));
  await alice.page.emulateMedia({ colorScheme: 'light' });
  await bothThemes(alice.page, 'ringing-audio');

  // Accept from the keyboard: focus the button (as Tab would), wait the gate's focus time, press Enter.
  await inOverlay(alice, async (frame) => {
    const accept = frame.getByRole('button', { name: 'Accept', exact: true });
    await accept.focus(quick);
    await expectFocusRing(accept);
    await alice.page.waitForTimeout(700);
    await accept.press('Enter', quick);
    await expectPhase(alice, 'connecting', 3_000).catch(() => expectPhase(alice, 'active', 3_000));
  });
  await expectPhase(alice, 'active');
  await expectPhase(bob, 'active');

  const inCall = await inOverlay(alice, async (frame) => {
    await expect(frame.getByRole('timer')).toBeVisible(quick);
    await expect.poll(() => liveText(frame), quick).toContain('Call connected');
  });
  await inOverlay(alice, async (frame) => expectNoSeriousViolations(frame, 'the in-call overlay'));
  await alice.page.emulateMedia({ colorScheme: 'dark' });
  await inOverlay(alice, async (frame) => expectNoSeriousViolations(frame, 'the in-call overlay (dark)'));
  await alice.page.emulateMedia({ colorScheme: 'light' });

  // Mute from the keyboard: the button's name says the new state and the live region announces it.
  await inOverlay(alice, async (frame) => {
    const mute = frame.getByRole('button', { name: 'Mute', exact: true });
    if ((await mute.count()) === 0) return; // pressed by an earlier attempt
    await mute.focus(quick);
    await expectFocusRing(mute);
    await alice.page.waitForTimeout(700);
    await mute.press('Enter', quick);
    await expect(frame.getByRole('button', { name: 'Unmute' })).toBeVisible(quick);
  });
  await expect.poll(() => liveText(inCall)).toContain('Microphone muted');
  await bothThemes(alice.page, 'in-call-audio-muted');

  // Turn the camera on (audio -> video) and show the video call in both themes.
  await inOverlay(alice, async (frame) => {
    const camera = frame.getByRole('button', { name: 'Turn camera on' });
    if ((await camera.count()) === 0) return;
    await camera.focus(quick);
    await alice.page.waitForTimeout(700);
    await camera.press('Enter', quick);
    await expect(frame.getByRole('button', { name: 'Turn camera off' })).toBeVisible(quick);
  });
  await bob.page.bringToFront();
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByRole('button', { name: 'Hang up' })).toBeVisible(quick);
  });
  await bob.page.waitForTimeout(1_500);
  await bothThemes(bob.page, 'in-call-video');
  await inOverlay(bob, async (frame) => expectNoSeriousViolations(frame, 'the video call overlay'));

  await bob.profile.popup.bringToFront();
  await bob.profile.popup
    .getByRole('region', { name: 'Current call' })
    .getByRole('button', { name: 'Hang up' })
    .click();
  await expectEnded(alice, 'Call ended');
});

test.describe('where the page keeps removing the overlay', () => {
  test.use({ bobPath: '/cleaner.html' });

  test('16c. the call window, ringing and in a call, passes axe in both themes', async ({
    aliceAndBob: { alice, bob },
  }) => {
    test.setTimeout(360_000);
    await startCall(alice, 'Bob Baker', 'video');
    const callWindow = await expectCallWindow(bob);
    await expect(callWindow.getByText('Alice Archer is calling')).toBeVisible();
    // The caller gives up after a minute (lifetimes.outgoingRingLimitMs): one theme while it rings (16b
    // checks the same ringing panel in both), both once the call is up.
    await expectNoSeriousViolations(callWindow, 'the ringing call window');
    await bothThemes(callWindow, 'call-window-ringing');
    await callWindow.getByRole('button', { name: 'Accept', exact: true }).click();
    await expectPhase(bob, 'active');
    await expect(callWindow.getByRole('timer')).toBeVisible();
    await callWindow.waitForTimeout(1_500);
    await axeBothThemes(callWindow, async () => callWindow, 'the call window in a call');
    await bothThemes(callWindow, 'call-window-in-call');
    await callWindow.getByRole('button', { name: 'Hang up' }).click();
    await expectPhase(alice, 'ended');
  });
});
