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
      const label = (await indicator.getAttribute('aria-label')) ?? '';
      result = {
        level: label.replace('Connection quality: ', ''),
        text: ((await indicator.textContent()) ?? '').trim(),
        details: (await indicator.getAttribute('title')) ?? '',
      };
    },
    20_000,
  );
  return result;
}
