import { expect, type Frame } from '@playwright/test';
import { inOverlay, type Device } from '../fixtures/call.js';

/** The verification code shown in the device's overlay, as its emoji. */
export async function verificationCodeOf(device: Device): Promise<string[]> {
  let code: string[] = [];
  await inOverlay(
    device,
    async (frame: Frame) => {
      const text = await frame
        .getByRole('note', { name: 'Verification code' })
        .textContent({ timeout: 2_000 });
      code = (text ?? '').trim().split(/\s+/u).filter(Boolean);
      expect(code).toHaveLength(5);
    },
    20_000,
  );
  return code;
}

/** Waits for the quality indicator and returns its level and the details shown on hover. */
export async function qualityOf(device: Device): Promise<{ level: string; text: string; details: string }> {
  let result = { level: '', text: '', details: '' };
  await inOverlay(
    device,
    async (frame: Frame) => {
      const indicator = frame.locator('[aria-label^="Connection quality: "]');
      await expect(indicator).toBeVisible({ timeout: 2_000 });
      // One snapshot: the level is re-evaluated every 2 s, and three separate reads can straddle a
      // change (a CI run read the label "fair" and then the text "Good").
      result = await indicator.evaluate((element) => ({
        level: (element.getAttribute('aria-label') ?? '').replace('Connection quality: ', ''),
        text: (element.textContent ?? '').trim(),
        details: element.getAttribute('title') ?? '',
      }));
    },
    20_000,
  );
  return result;
}

/**
 * Starts counting, in the device's service worker, the offers and answers its offscreen document
 * sends for the call (renegotiation). The worker receives them as `offscreen:local-signal`; a second
 * listener only observes. Returns a reader of the counts.
 */
export async function countLocalDescriptions(device: Device): Promise<() => Promise<Record<string, number>>> {
  const worker = await device.profile.worker();
  await worker.evaluate(() => {
    const counts: Record<string, number> = { offer: 0, answer: 0 };
    (globalThis as unknown as { ringsideTestCounts: Record<string, number> }).ringsideTestCounts = counts;
    chrome.runtime.onMessage.addListener((message: { type?: string; description?: { type: string } }) => {
      if (message?.type === 'offscreen:local-signal' && message.description)
        counts[message.description.type] = (counts[message.description.type] ?? 0) + 1;
      return false;
    });
  });
  return async () =>
    (await device.profile.worker()).evaluate(
      () => (globalThis as unknown as { ringsideTestCounts: Record<string, number> }).ringsideTestCounts,
    );
}

/** The device's worker logged this line (exact substring) since the profile started. */
export async function expectWorkerLogged(device: Device, line: string): Promise<void> {
  await expect
    .poll(() => device.profile.workerLog.some((entry) => entry.includes(line)), {
      message: `${device.displayName}: worker logs "${line}"`,
    })
    .toBe(true);
}
