#!/usr/bin/env node
// `npm run store:screenshots`: the Web Store's 1280x800 screenshots, made from the screens the e2e
// suite saved in docs/screenshots/ (run e2e/16-accessibility.spec.ts first). Overlay screens are
// already 1280x800 pages; the popup is set on a plain background with a caption.
import { chromium } from '@playwright/test';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

const from = 'docs/screenshots';
const to = 'store/screenshots';
const size = { width: 1280, height: 800 };
const browserPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (candidate) => candidate && existsSync(candidate),
);

const copies = [
  ['ringing-audio-light.png', '1-ringing.png'],
  ['in-call-video-light.png', '2-video-call.png'],
  ['ringing-audio-dark.png', '4-dark.png'],
];

const dataUrl = async (file) =>
  `data:image/png;base64,${(await readFile(path.join(from, file))).toString('base64')}`;

await mkdir(to, { recursive: true });
for (const [source, target] of copies) await copyFile(path.join(from, source), path.join(to, target));

const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: size });
  const [light, dark] = await Promise.all([dataUrl('popup-light.png'), dataUrl('popup-dark.png')]);
  await page.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;display:grid;
    grid-template-columns:1fr auto auto;align-items:center;gap:48px;padding:0 80px;box-sizing:border-box;
    background:linear-gradient(135deg,#e4ecfb,#c9d8f6);font-family:system-ui,sans-serif;color:#1b1f24">
    <div><h1 style="font-size:44px;margin:0 0 16px">Your team, one click away</h1>
    <p style="font-size:22px;line-height:1.45;margin:0;color:#39424e">See who is online, call them with audio or
    video, and take calls on any page. Light and dark, keyboard and screen reader ready.</p></div>
    <img src="${light}" style="height:640px;border-radius:14px;box-shadow:0 18px 48px rgb(15 23 42/.28)">
    <img src="${dark}" style="height:640px;border-radius:14px;box-shadow:0 18px 48px rgb(15 23 42/.28)">
    </body></html>`);
  await page.screenshot({ path: path.join(to, '3-popup.png') });
} finally {
  await browser.close();
}
console.info(`store-screenshots: ${copies.length + 1} screenshots (1280x800) in ${to}/`);
