import { clickInOverlay, connectCall, expectAudioFlowing, expectRemoteVideo } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { countLocalDescriptions, expectWorkerLogged } from './helpers.js';

test('switching camera and microphone mid-call from the popup: replaceTrack, frames keep flowing, no new offer', async ({
  aliceAndBob: { alice, bob },
}) => {
  await connectCall(alice, bob, 'video');
  await expectRemoteVideo(bob);

  const aliceDescriptions = await countLocalDescriptions(alice);
  const bobDescriptions = await countLocalDescriptions(bob);
  const framesAtBob = async () => (await bob.profile.stats())?.videoFramesDecoded ?? 0;

  // Headless Chromium has one fake camera: pick it by name, then "Default" again, as a user would.
  const popup = alice.profile.popup;
  await popup.bringToFront();
  for (const [label, kind] of [
    ['Camera', 'video'],
    ['Microphone', 'audio'],
  ] as const) {
    const select = popup.getByLabel(label);
    const options = await select
      .locator('option')
      .evaluateAll((all) => all.map((option) => (option as HTMLOptionElement).value));
    const device = options.find((value) => value !== '' && value !== 'default');
    expect(device, `${label}: a fake device is listed`).toBeTruthy();
    await select.selectOption(device!);
    await expectWorkerLogged(alice, `device switched mid-call: ${kind} -> ${device} (ok)`);
    await select.selectOption({ label: 'Default' });
    await expectWorkerLogged(alice, `device switched mid-call: ${kind} -> default (ok)`);
  }
  await alice.page.bringToFront();

  // Video keeps decoding at Bob and renders in his overlay; audio keeps flowing.
  const before = await framesAtBob();
  await expect
    .poll(framesAtBob, { message: 'frames keep flowing after the switch' })
    .toBeGreaterThan(before + 20);
  const rendered = await expectRemoteVideo(bob);
  expect(rendered.frames).toBeGreaterThanOrEqual(5);
  await expectAudioFlowing(bob);

  // replaceTrack needs no renegotiation: neither side made a new offer (nor answer).
  const counts = { alice: await aliceDescriptions(), bob: await bobDescriptions() };
  console.info(
    `device switch: bob decoded ${before} -> ${await framesAtBob()} frames; descriptions ${JSON.stringify(counts)}`,
  );
  expect(counts.alice).toEqual({ offer: 0, answer: 0 });
  expect(counts.bob).toEqual({ offer: 0, answer: 0 });
  await clickInOverlay(alice, 'Hang up');
});
