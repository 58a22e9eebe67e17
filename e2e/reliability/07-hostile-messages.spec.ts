/// <reference types="chrome" />
/**
 * Issue 4, fault 7: hostile inputs between extension contexts during a live call. Messages with
 * wrong shapes, or from senders that must not control the call (a content-script context in the
 * web page, an extension page forging the offscreen document's events), are dropped and logged,
 * never acted on. A web page cannot message the extension at all (no `externally_connectable`).
 */
import { expect, test } from '../fixtures/index.js';
import { establishCall, expectMediaRising } from './helpers.js';

test.use({ serverOptions: { ringTimeoutS: 20, reconnectGraceS: 5 } });
test.setTimeout(150_000);

const isRefusal = (answer: unknown) =>
  answer === undefined ||
  answer === null ||
  (typeof answer === 'string' && /Error|Could not establish|port closed/i.test(answer)) ||
  (typeof answer === 'object' && (answer as { ok?: unknown }).ok === false);

test('R7. malformed and wrongly-sent messages are dropped and logged, the call goes on', async ({
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  const aliceUser = await createUser('alice', 'Alice Archer');
  const bobUser = await createUser('bob', 'Bob Baker');
  await connect(aliceUser, bobUser);
  // Side by side: most of a device's set-up is Chromium starting and a sign-in round trip.
  const [alice, bob] = await Promise.all([
    signedInDevice(aliceUser, sites.a),
    signedInDevice(bobUser, sites.a),
  ]);
  const call = await establishCall(alice, bob, 'audio');
  const logBefore = bob.profile.workerLog.length;

  // 1) The web page: no chrome.runtime.sendMessage to the extension (not externally_connectable).
  const fromPage = await bob.page.evaluate(async (id) => {
    const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
    if (typeof runtime?.sendMessage !== 'function') return 'no chrome.runtime.sendMessage';
    try {
      return JSON.stringify(
        await (runtime.sendMessage as (...a: unknown[]) => Promise<unknown>)(id, { type: 'call:hangup' }),
      );
    } catch (error) {
      return `threw: ${String(error)}`;
    }
  }, bob.profile.extensionId);
  expect(fromPage).toMatch(/no chrome.runtime.sendMessage|threw/);

  // 2) A content-script context in Bob's tab (isolated world, has chrome.runtime): every call
  //    control, the offscreen document's commands and the sign-out must be refused.
  const forged = [
    { type: 'call:hangup' },
    { type: 'call:set-media', audio: false, video: false },
    { type: 'call:get-state' },
    { type: 'auth:sign-out' },
    { type: 'offscreen:stop' },
    { type: 'offscreen:set-media', audio: false, video: false },
    { type: 'offscreen:connection', state: 'failed' },
  ];
  const worker = await bob.profile.worker();
  const fromContentScript = await worker.evaluate(
    async ({ url, messages }) => {
      const [tab] = await chrome.tabs.query({ url });
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab!.id! },
        world: 'ISOLATED',
        args: [messages],
        func: async (list: unknown[]) => {
          const answers: unknown[] = [];
          for (const message of list) {
            try {
              answers.push((await chrome.runtime.sendMessage(message)) ?? null);
            } catch (error) {
              answers.push(String(error));
            }
          }
          return answers;
        },
      });
      return result?.result as unknown[];
    },
    { url: bob.page.url(), messages: forged },
  );
  test
    .info()
    .annotations.push({ type: 'content-script answers', description: JSON.stringify(fromContentScript) });
  expect(fromContentScript).toHaveLength(forged.length);
  fromContentScript.forEach((answer, i) =>
    expect(
      isRefusal(answer),
      `content script ${JSON.stringify(forged[i])} -> ${JSON.stringify(answer)}`,
    ).toBe(true),
  );

  // 3) An extension page (the popup) sending malformed messages, and forging the offscreen
  //    document's events (only the offscreen document may report its connection state).
  const popup = await bob.profile.openPopup();
  const malformed: unknown[] = [
    null,
    'call:hangup',
    42,
    { type: 'call:set-media', audio: 'no', video: 1 },
    { type: 'call:start', peer: { id: 5 }, media: 'fax' },
    { type: 'auth:sign-in', serverUrl: 'not a url', username: '', password: '' },
    { type: 'devices:set', devices: { microphoneId: 'x'.repeat(10_000) } },
    { type: 'offscreen:set-media', audio: 'x' },
    { type: 'offscreen:stop' },
    { type: 'offscreen:connection', state: 'failed' },
    { type: 'offscreen:local-signal', candidate: { candidate: 'x'.repeat(5_000) } },
  ];
  const fromPopup = await popup.evaluate(async (list) => {
    const answers: unknown[] = [];
    for (const message of list) {
      try {
        answers.push((await chrome.runtime.sendMessage(message)) ?? null);
      } catch (error) {
        answers.push(String(error));
      }
    }
    return answers;
  }, malformed);
  test.info().annotations.push({ type: 'popup answers', description: JSON.stringify(fromPopup) });
  fromPopup.forEach((answer, i) =>
    expect
      .soft(
        isRefusal(answer),
        `popup ${JSON.stringify(malformed[i]).slice(0, 80)} -> ${JSON.stringify(answer)}`,
      )
      .toBe(true),
  );
  await bob.page.bringToFront();

  // And it was logged in the worker (what was dropped, from whom).
  const logged = bob.profile.workerLog
    .slice(logBefore)
    .filter((line) => /forbidden|invalid|dropped|refused|rejected/i.test(line));
  test.info().annotations.push({
    type: 'worker log lines about dropped messages',
    description: String(logged.length),
  });
  expect.soft(logged.length, 'dropped messages are logged by the worker').toBeGreaterThan(0);

  // Nothing was acted on: same call, both active, Bob still sends audio and is still signed in.
  await expectMediaRising(bob);
  await expectMediaRising(alice);
  expect(await bob.profile.callState()).toMatchObject({
    phase: 'active',
    callId: call.callId,
    localAudio: true,
  });
  expect(await alice.profile.callState()).toMatchObject({
    phase: 'active',
    callId: call.callId,
    remoteAudio: true,
  });
  const app = await bob.profile.hook<{ ok: boolean; app: { user: unknown } }>({ type: 'app:get-state' });
  expect(app.app.user, 'still signed in').toBeTruthy();
});
