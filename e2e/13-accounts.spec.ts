import type { Page } from '@playwright/test';
import {
  callHistory,
  contactsOf,
  isLiveToken,
  login,
  makeContacts,
  registerUser,
  type TestUser,
} from './fixtures/api.js';
import { expectEnded, expectOverlayGone, expectRinging, startCall, type Device } from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { Profile } from './fixtures/profile.js';
import { saveScreenshot } from './fixtures/screenshots.js';
import { startServer, type RunningServer } from './fixtures/server.js';
import { TestClient, fakeSdp } from '../testing/socket-client.js';

// Issue 11, accounts and blocking through the popup. One server and two browser profiles for the
// whole file (launching Chromium twice per test costs more than the tests): Bob on profile 1 all along;
// profile 2 is Mallory, then (after Mallory deletes her account) Bob's second device.
test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let bobUser: TestUser;
let malloryUser: TestUser;
let bob: Device;
let second: Device;
const profiles: Profile[] = [];

const settings = (device: Device) => device.profile.popup;
const blockedList = (popup: Page) => popup.getByRole('list', { name: 'Blocked users' });

async function signedIn(label: string, user: TestUser, url: string): Promise<Device> {
  const profile = await Profile.launch({ label });
  profiles.push(profile);
  await profile.signIn(server.url, user.username, user.password, user.displayName);
  return { profile, page: await profile.openSite(url), displayName: user.displayName };
}

test.beforeAll(async ({ sites }) => {
  test.setTimeout(120_000);
  server = await startServer({ ringTimeoutS: 20, reconnectGraceS: 5 });
  bobUser = await registerUser(server.url, 'bob', 'Bob Baker');
  malloryUser = await registerUser(server.url, 'mallory', 'Mallory Mint');
  await makeContacts(server.url, malloryUser, bobUser);
  bob = await signedIn('bob', bobUser, `${sites.a}/other.html`);
  second = await signedIn('mallory', malloryUser, sites.a);
});

test.afterAll(async () => {
  for (const profile of profiles) await profile.close();
  await server?.stop();
});

test('13a. block from the popup ends a ringing call (the caller sees a decline); later calls never ring', async () => {
  const mallory = second;
  await startCall(mallory, 'Bob Baker', 'audio');
  await expectRinging(bob, 'Mallory Mint', 'audio');

  // Bob blocks her from the popup while it rings.
  await settings(bob).bringToFront();
  const contacts = settings(bob).getByRole('list', { name: 'Contacts' });
  // Block is behind the contact's menu and asks first (issue 16).
  await contacts.getByRole('button', { name: 'More for Mallory Mint' }).click();
  await settings(bob).getByRole('button', { name: 'Block Mallory Mint' }).click();
  const confirm = settings(bob).getByRole('dialog', { name: 'Block Mallory Mint?' });
  await confirm.getByRole('button', { name: 'Block', exact: true }).click();

  // Mallory sees exactly what a Decline shows; Bob's overlay goes away.
  await expectEnded(mallory, 'Declined');
  await expectOverlayGone(bob);
  await expect(blockedList(settings(bob)).getByRole('listitem')).toHaveText([/Mallory Mint\s*@mallory/]);
  await expect(contacts.getByText('Mallory Mint')).toHaveCount(0);
  await saveScreenshot(settings(bob), 'popup-blocked-users.png', { width: 380, height: 900 });
  // Her popup just loses Bob, as when a contact removes you.
  await expect(settings(mallory).getByRole('list', { name: 'Contacts' }).getByText('Bob Baker')).toHaveCount(
    0,
  );

  // Later invites from her never ring, and answer what a stranger's do.
  const socket = await TestClient.connect(server.url, {
    token: await login(server.url, malloryUser.username),
  });
  try {
    for (let attempt = 0; attempt < 2; attempt++)
      expect(
        await socket.request('call:invite', { to: bobUser.id, media: 'audio', sdp: fakeSdp() }),
      ).toMatchObject({
        ok: false,
        error: { code: 'not_contact' },
      });
  } finally {
    socket.close();
  }
  await bob.page.waitForTimeout(1_500);
  expect((await bob.profile.callState()).phase).not.toBe('ringing');
  expect(await bob.profile.hasOverlay(bob.page)).toBe(false);
  expect(await contactsOf(server.url, malloryUser.token).then((list) => list.contacts)).toEqual([]);
});

test('13b. unblock from the popup lists and unlists', async () => {
  const blocked = blockedList(settings(bob));
  await expect(blocked.getByRole('listitem')).toHaveText([/Mallory Mint/]);
  await settings(bob).bringToFront();
  await blocked.getByRole('button', { name: 'Unblock Mallory Mint' }).click();
  await expect(blocked.getByRole('listitem')).toHaveText(['Nobody is blocked.']);
  expect((await contactsOf(server.url, bobUser.token)).blocked).toEqual([]);
  // Unblocking does not make her a contact again: she has to ask, and Bob sees her @username.
  const ask = await fetch(`${server.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${malloryUser.token}` },
    body: JSON.stringify({ username: bobUser.username }),
  });
  expect(ask.status).toBe(201);
  const requests = settings(bob).getByRole('list', { name: 'Contact requests' });
  await expect(requests.getByRole('listitem')).toContainText(['Mallory Mint @mallory']);
  await requests.getByRole('button', { name: 'Accept request from Mallory Mint' }).click();
  await expect(settings(bob).getByRole('list', { name: 'Contacts' })).toContainText('Mallory Mint');
});

test('13c. delete account from the popup: signed out, and the other side keeps a "Deleted user" in history', async () => {
  const mallory = second;
  const popup = settings(mallory);
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Delete account…' }).click();
  const confirm = popup.getByRole('form', { name: 'Confirm account deletion' });
  await confirm.getByLabel('Password to confirm').fill('not my password');
  await confirm.getByRole('button', { name: 'Delete my account' }).click();
  await expect(popup.getByRole('alert')).toHaveText('That is not your current password.');
  expect(await isLiveToken(server.url, malloryUser.token)).toBe(true);
  await saveScreenshot(popup, 'popup-delete-account.png', { width: 380, height: 1100 });

  await confirm.getByLabel('Password to confirm').fill(malloryUser.password);
  await confirm.getByRole('button', { name: 'Delete my account' }).click();
  await expect(popup.getByRole('status')).toHaveText('Your account was deleted.');
  await expect(popup.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await isLiveToken(server.url, malloryUser.token)).toBe(false);
  await expect.poll(async () => (await mallory.profile.callState()).phase).toBe('idle');

  // Bob's history: the declined call from 13a, from a "Deleted user" with no @username.
  const history = await callHistory(server.url, bobUser.token);
  expect(history[0]!.peer).toEqual({ id: malloryUser.id, username: '', displayName: 'Deleted user' });
  await settings(bob).reload();
  const recent = settings(bob).getByRole('list', { name: 'Recent calls' });
  await expect(recent.getByRole('listitem').first()).toContainText('Deleted user');
  await expect(recent.getByText('@mallory')).toHaveCount(0);
  await expect(settings(bob).getByRole('list', { name: 'Contacts' }).getByText('Mallory Mint')).toHaveCount(
    0,
  );
});

test('13d. change password in the popup signs the other device out; the devices list signs one out', async () => {
  // Profile 2 becomes Bob's second device.
  await second.profile.signIn(server.url, bobUser.username, bobUser.password, bobUser.displayName);
  const secondPopup = settings(second);
  const popup = settings(bob);
  await popup.bringToFront();
  await popup.reload();
  const devices = popup.getByRole('list', { name: 'Signed-in devices' });
  // Bob's two profiles, plus the API session registerUser made.
  await expect(devices.getByRole('listitem')).toHaveCount(3);
  await expect(devices.getByRole('button', { name: 'Sign out this device' })).toHaveCount(1);

  // The API session, signed out from the list: its token stops working.
  const apiSession = devices.getByRole('listitem').filter({ hasText: 'Script' });
  await expect(apiSession).toHaveCount(1);
  await apiSession.getByRole('button', { name: /^Sign out Script, signed in / }).click();
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  expect(await isLiveToken(server.url, bobUser.token)).toBe(false);

  await popup.getByLabel('Current password').fill('wrong password');
  await popup.getByLabel('New password').fill('a brand new secret');
  await popup.getByRole('button', { name: 'Change password' }).click();
  await expect(popup.getByRole('alert')).toHaveText('That is not your current password.');
  await expect(secondPopup.getByRole('heading', { name: 'Bob Baker' })).toBeVisible();

  await popup.getByLabel('Current password').fill(bobUser.password);
  await popup.getByRole('button', { name: 'Change password' }).click();
  await expect(popup.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();
  await expect(devices.getByRole('listitem')).toHaveCount(1);

  // The other device: socket closed, state cleared, the sign-in form with the reason.
  await expect(secondPopup.getByRole('status')).toHaveText(
    'Your password was changed on another device. Sign in with the new one.',
  );
  await expect(secondPopup.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const state = await second.profile.hook<{ ok: boolean; app: { user: unknown; connection: string } }>({
    type: 'app:get-state',
  });
  expect(state.app).toMatchObject({ user: null, connection: 'signed-out' });
  await saveScreenshot(secondPopup, 'popup-signed-out-password-changed.png', { width: 380, height: 500 });
  // This device stays signed in and connected.
  await expect(popup.getByText('Connected')).toBeVisible();
  await second.profile.signIn(server.url, bobUser.username, 'a brand new secret', bobUser.displayName);
});

test('13e. a contact request shows the @username beside a look-alike display name', async () => {
  const impostor = await registerUser(server.url, 'impostor', 'Bob Baker');
  await fetch(`${server.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${impostor.token}` },
    body: JSON.stringify({ username: bobUser.username }),
  });
  const requests = settings(bob).getByRole('list', { name: 'Contact requests' });
  await expect(requests.getByRole('listitem')).toContainText(['Bob Baker @impostor']);
  await requests.getByRole('button', { name: 'Block Bob Baker @impostor' }).click();
  await expect(requests).toHaveCount(0);
  await expect(blockedList(settings(bob)).getByRole('listitem')).toContainText(['Bob Baker @impostor']);
});

test('13f. "Sign out" on another device in the list signs that browser out cleanly', async () => {
  const popup = settings(bob);
  await popup.bringToFront();
  await popup.reload();
  const devices = popup.getByRole('list', { name: 'Signed-in devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  await devices.getByRole('button', { name: /^Sign out .+, signed in / }).click();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await expect(devices.getByRole('listitem')).toContainText('This device');

  const secondPopup = settings(second);
  await expect(secondPopup.getByRole('status')).toHaveText(
    'This device was signed out from another device. Sign in again.',
  );
  await expect(secondPopup.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const state = await second.profile.hook<{ ok: boolean; app: { user: unknown; connection: string } }>({
    type: 'app:get-state',
  });
  expect(state.app).toMatchObject({ user: null, connection: 'signed-out' });
  await expect(popup.getByText('Connected')).toBeVisible();
});
