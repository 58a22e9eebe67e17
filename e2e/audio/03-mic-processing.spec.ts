/**
 * Issue 15, microphone processing: Bob turns noise suppression and automatic gain control off in
 * the popup mid-call. His offscreen document's microphone track reports the new settings
 * (getSettings, read over CDP), Alice still hears him, the choice is remembered, and the next
 * call's microphone starts with it.
 */
import { clickInOverlay, expectAudioFlowing, expectPhase, type Device } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { onOffscreenObjects } from '../quality/offscreen-cdp.js';
import { establishCall } from '../reliability/helpers.js';

interface Processing {
  noiseSuppression?: boolean;
  echoCancellation?: boolean;
  autoGainControl?: boolean;
}

/** The settings of every live microphone track in the device's offscreen document. */
const microphoneSettings = async (device: Device): Promise<Processing[]> =>
  (await onOffscreenObjects(
    device.profile,
    device.page,
    'MediaStreamTrack',
    `function () {
      return this.filter((t) => t.kind === 'audio' && t.readyState === 'live')
        .map((t) => t.getSettings())
        .filter((s) => 'noiseSuppression' in s)
        .map((s) => ({ noiseSuppression: s.noiseSuppression, echoCancellation: s.echoCancellation, autoGainControl: s.autoGainControl }));
    }`,
  )) as Processing[];

const off = { noiseSuppression: false, echoCancellation: true, autoGainControl: false };

test('turning noise suppression and auto gain off mid-call applies at once, the peer still hears, and it is remembered', async ({
  aliceAndBob: { alice, bob },
}) => {
  test.setTimeout(150_000);
  await establishCall(alice, bob, 'audio');
  expect(await microphoneSettings(bob)).toEqual([
    { noiseSuppression: true, echoCancellation: true, autoGainControl: true },
  ]);

  const popup = await bob.profile.openPopup();
  await popup.getByRole('checkbox', { name: 'Noise suppression' }).uncheck();
  await expect(popup.getByRole('checkbox', { name: 'Noise suppression' })).not.toBeChecked();
  await popup.getByRole('checkbox', { name: 'Automatic gain control' }).uncheck();
  await expect(popup.getByRole('checkbox', { name: 'Automatic gain control' })).not.toBeChecked();
  await bob.page.bringToFront();

  await expect.poll(() => microphoneSettings(bob), { timeout: 10_000 }).toEqual([off]);
  await expectAudioFlowing(alice);
  expect((await alice.profile.callState()).phase).toBe('active');

  // Remembered: in storage, in the popup after a reload, and for the next call's microphone.
  const stored = await (
    await bob.profile.worker()
  ).evaluate(
    async () =>
      ((await chrome.storage.local.get('ringside')).ringside as { audioProcessing: Processing })
        .audioProcessing,
  );
  expect(stored).toEqual(off);
  await popup.reload();
  await expect(popup.getByRole('checkbox', { name: 'Noise suppression' })).not.toBeChecked();
  await expect(popup.getByRole('checkbox', { name: 'Echo cancellation' })).toBeChecked();
  await bob.page.bringToFront();
  await clickInOverlay(alice, 'Hang up');
  await expectPhase(bob, 'idle', 20_000);
  await establishCall(alice, bob, 'audio');
  expect(await microphoneSettings(bob)).toEqual([off]);
});
