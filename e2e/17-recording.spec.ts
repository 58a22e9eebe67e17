/**
 * Issue 15: local recording with consent. Alice asks to record a video call; Bob is asked and
 * allows; both overlays say Recording; Alice stops it and a WebM file with a VP8 video track and an
 * Opus audio track lands in her downloads (read with the EBML reader in fixtures/webm.ts). Asked a
 * second time, Bob does not allow: Alice is told, and nothing more is recorded.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect as baseExpect, type Frame } from '@playwright/test';
import { expectPhase, inOverlay } from './fixtures/call.js';
import {
  downloadNames,
  downloadsFolder,
  expectDownload,
  finishedFiles,
  watchDownloadNames,
} from './fixtures/downloads.js';
import { expect, test, type Device } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';
import { clickPatiently, connectCallPatiently } from './fixtures/share.js';
import { readWebmTracks } from './fixtures/webm.js';

// Two video profiles and a live encoder on a shared 2-core machine.
test.setTimeout(180_000);
const quick = { timeout: 3_000 };

const sees = (device: Device, text: string, timeout = 20_000) =>
  inOverlay(
    device,
    async (frame: Frame) => {
      await expect(frame.getByText(text, { exact: true })).toBeVisible(quick);
    },
    timeout,
  );

test('17. recording: asked, allowed, shown on both sides, saved as WebM with audio and video; a denial records nothing', async ({
  aliceAndBob: { alice, bob },
}) => {
  const downloads = await downloadsFolder(alice.profile);
  await watchDownloadNames(alice.profile);
  await connectCallPatiently(alice, bob, 'video');

  await clickPatiently(alice, 'Record');
  await sees(alice, 'Waiting for Bob Baker to allow recording…');
  await sees(bob, 'Alice Archer wants to record this call');
  // Nothing is recorded before Bob answers.
  await expect.poll(() => finishedFiles(downloads)).toEqual([]);
  await clickPatiently(bob, 'Allow recording');

  await sees(alice, 'You are recording this call');
  await sees(bob, 'Alice Archer is recording this call');
  for (const device of [alice, bob]) {
    await inOverlay(device, async (frame) => {
      // The indicator is a live region (read out when it appears) and says Recording.
      await expect(frame.getByRole('status').filter({ hasText: 'Recording' })).toBeVisible(quick);
      await expect(frame.getByRole('button', { name: 'Stop recording', exact: true })).toBeVisible(quick);
    });
  }
  await saveScreenshot(alice.page, 'recording-asker.png');
  await saveScreenshot(bob.page, 'recording-peer.png');

  // A few seconds of call: the length of the recording, not a wait for something to happen.
  await alice.page.waitForTimeout(4_000);
  await clickPatiently(alice, 'Stop recording');
  await sees(bob, 'Alice Archer stopped the recording');
  const file = await expectDownload(downloads, /\.webm$/);
  expect(await downloadNames(alice.profile)).toEqual([
    expect.stringMatching(/^Ringside call with Bob Baker \d{4}-\d\d-\d\d \d\d-\d\d\.webm$/),
  ]);
  await sees(alice, 'Recording saved to your downloads');

  const tracks = readWebmTracks(await readFile(file));
  const video = tracks.find((track) => track.type === 1);
  const audio = tracks.find((track) => track.type === 2);
  baseExpect(tracks, `tracks of ${path.basename(file)}`).toHaveLength(2);
  baseExpect(video).toMatchObject({ codec: 'V_VP8', width: 960, height: 540 });
  baseExpect(audio).toMatchObject({ codec: 'A_OPUS' });
  // About 4 s: Opus packets every 20-60 ms; pictures drawn on the peer's frames (on a loaded 2-core
  // machine the encoder keeps few of them: 19 in 25 s at load 46).
  console.info(
    `recording: ${path.basename(file)}: audio ${audio?.blocks} blocks, video ${video?.blocks} blocks`,
  );
  baseExpect(audio!.blocks).toBeGreaterThan(40);
  baseExpect(video!.blocks).toBeGreaterThanOrEqual(2);

  // Asked again, Bob does not allow: Alice is told and no second file appears.
  await clickPatiently(alice, 'Record');
  await sees(bob, 'Alice Archer wants to record this call');
  await clickPatiently(bob, "Don't allow");
  await sees(alice, 'Bob Baker did not allow recording');
  await inOverlay(alice, async (frame) => {
    await expect(frame.getByRole('button', { name: 'Record', exact: true })).toBeEnabled(quick);
    await expect(frame.getByText('You are recording this call')).toHaveCount(0);
  });
  await expectPhase(alice, 'active');
  baseExpect(await finishedFiles(downloads)).toEqual([path.basename(file)]);
  baseExpect(await downloadNames(alice.profile)).toHaveLength(1);
});
