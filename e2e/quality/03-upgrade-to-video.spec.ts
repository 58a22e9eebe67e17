import {
  clickInOverlay,
  connectCall,
  expectAudioFlowing,
  expectRemoteVideo,
  inOverlay,
} from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { countLocalDescriptions } from './helpers.js';

test('audio call upgraded to video and back from either side (renegotiation through call:signal)', async ({
  aliceAndBob: { alice, bob },
}) => {
  await connectCall(alice, bob, 'audio');
  await expectAudioFlowing(alice);
  expect((await alice.profile.stats())?.videoFramesDecoded ?? 0).toBe(0);
  const aliceDescriptions = await countLocalDescriptions(alice);
  const bobDescriptions = await countLocalDescriptions(bob);

  // The callee (polite side) turns the camera on: it offers, and the caller's overlay renders its video.
  await clickInOverlay(bob, 'Turn camera on');
  const atAlice = await expectRemoteVideo(alice);
  expect(atAlice.frames).toBeGreaterThanOrEqual(5);
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByRole('button', { name: 'Turn camera off' })).toBeVisible({ timeout: 2_000 });
  });
  expect(await bobDescriptions()).toMatchObject({ offer: 1 });
  expect(await aliceDescriptions()).toMatchObject({ answer: 1 });

  // The caller (impolite side) turns its camera on too: Bob now renders Alice's video.
  await clickInOverlay(alice, 'Turn camera on');
  const atBob = await expectRemoteVideo(bob);
  expect(atBob.frames).toBeGreaterThanOrEqual(5);

  // Bob turns the camera off: his camera is released and Alice stops decoding new frames from him.
  await clickInOverlay(bob, 'Turn camera off');
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByRole('button', { name: 'Turn camera on' })).toBeVisible({ timeout: 2_000 });
  });
  await inOverlay(alice, async (frame) => {
    await expect(frame.getByText("Bob Baker's camera is off")).toBeVisible({ timeout: 2_000 });
  });
  const decoded = async () => (await alice.profile.stats())?.videoFramesDecoded ?? 0;
  await expect
    .poll(
      async () => {
        const before = await decoded();
        await alice.page.waitForTimeout(1_500);
        return (await decoded()) - before;
      },
      { message: 'Alice decodes no more frames from Bob' },
    )
    .toBe(0);
  await expectAudioFlowing(alice);
  const counts = { alice: await aliceDescriptions(), bob: await bobDescriptions() };
  console.info(
    `upgrade: frames at alice ${atAlice.frames}/s, at bob ${atBob.frames}/s; descriptions ${JSON.stringify(counts)}`,
  );
  await clickInOverlay(alice, 'Hang up');
});
