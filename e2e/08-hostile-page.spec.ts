import { callHistory, isLiveToken } from './fixtures/api.js';
import { expectCalling, expectOverlayGone, expectRinging, startCall, userClick } from './fixtures/call.js';
import type { Frame, Page } from '@playwright/test';
import { expect, test } from './fixtures/index.js';

// Long enough to probe and attack while the call rings.
test.use({ serverOptions: { ringTimeoutS: 30, reconnectGraceS: 5 } });
// Bob browses the hostile page (e2e/fixtures/hostile-page.ts) while Alice calls him.
test.use({ bobPath: '/hostile.html' });

interface ProbeResult {
  elements: number;
  text: string[];
  iframes: { id: string; src: string }[];
  readableIframes: string[];
  openShadowRoots: string[];
  streams: string[];
  frames: { index: number; readable: boolean; href?: string }[];
  messages: { origin: string; data: string }[];
}

type HostileWindow = Window & {
  __ringsideProbe: () => string;
  __ringsideAttack: (extensionId: string) => Promise<{ clicked: number; posted: number; runtime: string }>;
};

test('8. a hostile page finds no token, call id or stream and cannot accept the call', async ({
  server,
  aliceAndBob: { bobUser, alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'video');
  await expectCalling(alice, 'Bob Baker');
  const overlay = await expectRinging(bob, 'Alice Archer', 'video');
  const ringingState = await bob.profile.callState();
  expect(ringingState.phase).toBe('incoming');
  const callId = ringingState.callId!;
  expect(callId).toBeTruthy();

  // What must not leak: the call id and every long string the extension stores (token, device id...).
  const stored = await bob.profile.storedSecrets();
  const secrets = [callId, ...stored.filter((value) => value.length >= 16 && !/^https?:\/\//.test(value))];
  test.info().annotations.push({ type: 'secrets checked', description: String(secrets.length) });
  // The list must hold the real session token, or the leak check below proves little.
  const tokenLike = secrets.filter((value) => /^[\w.~+/=-]+$/.test(value));
  const liveTokens = await Promise.all(tokenLike.map((value) => isLiveToken(server.url, value)));
  expect(liveTokens.filter(Boolean).length, 'the stored session token is among the checked secrets').toBe(1);

  const probe = async () =>
    JSON.parse(
      await bob.page.evaluate(() => (window as unknown as HostileWindow).__ringsideProbe()),
    ) as ProbeResult;
  const expectNothingReachable = (result: ProbeResult) => {
    expect(result.elements).toBeGreaterThan(5);
    // The page reaches its own shadow roots and frames (the canary), never the extension's.
    expect(result.openShadowRoots.filter((host) => host.includes('ringside'))).toEqual([]);
    expect(result.readableIframes.filter((src) => src.startsWith('chrome-extension:'))).toEqual([]);
    // The only extension frame the page can see is the copy it made itself.
    expect(
      result.iframes.filter(
        (frame) => frame.src.startsWith('chrome-extension:') && frame.id !== 'hostile-own-overlay',
      ),
    ).toEqual([]);
    expect(result.streams).toEqual([]);
    expect(
      result.frames.filter((frame) => frame.readable && frame.href?.startsWith('chrome-extension:')),
    ).toEqual([]);
    const everything = JSON.stringify(result);
    for (const secret of secrets)
      expect(everything.includes(secret), `page can read "${secret}"`).toBe(false);
  };

  // Positive control: the probe does find a string hidden in a shadow root and an iframe the page owns.
  const canary = `canary-${Date.now()}`;
  await bob.page.evaluate((text) => {
    const host = document.createElement('div');
    host.attachShadow({ mode: 'closed' }).innerHTML = `<span data-x="${text}-shadow"></span>`;
    const frame = document.createElement('iframe');
    frame.srcdoc = `<p>${text}-frame</p>`;
    document.body.append(host, frame);
    return new Promise((resolve) => (frame.onload = resolve));
  }, canary);
  const before = await probe();
  const seen = JSON.stringify(before);
  expect(seen).toContain(`${canary}-shadow`);
  expect(seen).toContain(`${canary}-frame`);
  expect(before.text.join('\n')).toContain('host.shadowRoot=null');
  expectNothingReachable(before);

  const report = await bob.page.evaluate(
    (id) => (window as unknown as HostileWindow).__ringsideAttack(id),
    bob.profile.extensionId,
  );
  expect(report.clicked).toBeGreaterThan(10);
  expect(report.posted).toBeGreaterThan(0);
  await expect(bob.page.locator('#status')).toHaveText('Attacked');
  await bob.page.waitForTimeout(2_000);

  // Still ringing, on both sides and on the server; nothing was accepted.
  expect(await bob.profile.callState()).toMatchObject({ phase: 'incoming', callId });
  expect((await alice.profile.callState()).phase).toBe('outgoing');
  // The callee may apply the offer while ringing (issue 12), but nothing flows before Accept.
  const ringingStats = await bob.profile.stats();
  expect(ringingStats?.connectionState ?? 'new').toBe('new');
  expect(ringingStats?.audioBytesReceived ?? 0).toBe(0);
  expect(ringingStats?.audioBytesSent ?? 0).toBe(0);
  await expect(overlay.getByText('Alice Archer is calling')).toBeVisible();
  await expect(overlay.getByRole('button', { name: 'Accept', exact: true })).toBeVisible();
  const answered = (await callHistory(server.url, bobUser.token)).filter((call) => call.answeredAt);
  expect(answered).toEqual([]);
  expectNothingReachable(await probe());

  // The page may embed the web-accessible overlay.html itself: record what that copy shows.
  const ownCopy = bob.page
    .frames()
    .find((frame) => frame !== overlay && frame.url().includes('overlay.html'));
  if (ownCopy) {
    const text = await ownCopy
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch(() => '');
    test
      .info()
      .annotations.push({ type: 'page-embedded overlay.html shows', description: text || '(nothing)' });
  }

  // The real frame still works for the user: Decline ends the call, never answered.
  await userClick(overlay.getByRole('button', { name: 'Decline' }));
  await expectOverlayGone(alice);
  const [call] = await callHistory(server.url, bobUser.token);
  expect(call).toMatchObject({ status: 'rejected', answeredAt: null });
});

test('8b. a page can neither detect Ringside through overlay.html nor use a copy of it, framed or in a window', async ({
  server,
  aliceAndBob: { bobUser, alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'audio');
  await expectRinging(bob, 'Alice Archer', 'audio');
  const { callId } = await bob.profile.callState();
  // The URL our own frame uses: the page is refused it, though our content script may load it.
  const frameUrl = (await bob.profile.overlay(bob.page)).url().split(/[?#]/)[0]!;
  expect(frameUrl).toBe(`chrome-extension://${bob.profile.extensionId}/overlay.html`);

  // use_dynamic_url closes the static path to pages: a fetch fails, a frame or window is blocked.
  const fetched = await bob.page.evaluate(async (url) => {
    const frame = document.createElement('iframe');
    frame.id = 'hostile-own-overlay';
    frame.src = url;
    frame.style.cssText = 'width:400px;height:300px;opacity:0.01;position:fixed;left:0;top:0';
    document.body.append(frame);
    await new Promise((resolve) => {
      frame.onload = resolve;
      setTimeout(resolve, 3_000);
    });
    return fetch(url).then(
      (response) => `status ${response.status}`,
      (error: unknown) => `refused: ${String(error)}`,
    );
  }, frameUrl);
  expect(fetched, 'a fetch of overlay.html tells the page Ringside is installed').toMatch(/^refused/);
  const [popup] = await Promise.all([
    bob.page.context().waitForEvent('page'),
    bob.page.evaluate((url) => void window.open(`${url}?window=1#key=guess`, '_blank', 'popup'), frameUrl),
  ]);
  await popup.waitForLoadState();
  const framed = await frameWithId(bob.page, 'hostile-own-overlay');
  expect(framed, 'the page added its frame').toBeTruthy();

  for (const [where, target] of [
    ['framed copy', framed!],
    ['window copy', popup.mainFrame()],
  ] as const) {
    await expect
      .poll(() => target.url(), { message: `the page-made ${where} is blocked` })
      .toMatch(/^chrome-error:/);
    const text = await target
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch(() => '');
    expect(text, `the page-made ${where} shows who is calling`).not.toContain('Alice Archer');
    expect(await target.getByRole('button', { name: 'Accept', exact: true }).count()).toBe(0);
  }
  await popup.close();
  expect(await bob.profile.callState()).toMatchObject({ phase: 'incoming', callId });
  expect((await callHistory(server.url, bobUser.token)).filter((call) => call.answeredAt)).toEqual([]);
});

async function frameWithId(page: Page, id: string): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    const frameId = await frame
      .frameElement()
      .then((element) => element.getAttribute('id'))
      .catch(() => null);
    if (frameId === id) return frame;
  }
  return undefined;
}
