import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';
import { TestClient, fakeSdp } from '../testing/socket-client.js';

// Issue 16, languages: Chromium started with `--lang=de` picks extension/locales/de.yml for every
// screen, and dates, times and durations follow German rules (Intl). The rest of the suite runs in
// English, so this is the one place the translations are seen at work.
const popupSize = { width: 380, height: 640 };
const german = { label: 'german', extraArgs: ['--lang=de'] };

async function screenshotBothThemes(page: Page, name: string) {
  await page.bringToFront();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(400); // colour transitions end
    await saveScreenshot(page, `${name}-${colorScheme}.png`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('16-languages. the popup in German: sign-in, grant, contacts, recent calls, setup check', async ({
  server,
  launchProfile,
  createUser,
  connect,
}) => {
  test.setTimeout(120_000);
  const [anna, bernd] = await Promise.all([
    createUser('anna', 'Anna Albrecht'),
    createUser('bernd', 'Bernd Bauer'),
  ]);
  await connect(anna, bernd);
  // Bernd calls while Anna is offline: her recent calls hold one call she could not take.
  const caller = await TestClient.connect(server.url, { token: bernd.token });
  try {
    expect(
      await caller.request('call:invite', { to: anna.id, media: 'audio', sdp: fakeSdp() }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  } finally {
    caller.close();
  }

  const profile = await launchProfile(german);
  const popup = await profile.openPopup();
  await popup.setViewportSize(popupSize);
  await expect(popup.locator('html')).toHaveAttribute('lang', 'de');
  await expect(popup.getByText('Anrufe, die Ihnen von Tab zu Tab folgen.')).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Konto erstellen' })).toBeVisible();
  await screenshotBothThemes(popup, 'popup-signed-out-de');
  // The keyboard shortcuts' descriptions (chrome://extensions/shortcuts) come from the manifest's __MSG_ keys.
  const worker = await profile.worker();
  expect(
    await worker.evaluate(() => chrome.commands.getAll().then((all) => all.map((c) => c.description))),
  ).toEqual(expect.arrayContaining(['Eingehenden Anruf annehmen', 'Auflegen oder Anruf ablehnen']));

  await popup.getByLabel('Server-URL').fill(server.url);
  await popup.getByLabel('Benutzername').fill(anna.username);
  await popup.getByLabel('Passwort', { exact: true }).fill(anna.password);
  await popup.getByRole('button', { name: 'Anmelden' }).click();
  await expect(popup.getByRole('heading', { name: 'Anna Albrecht' })).toBeVisible();

  // The grant page in German (the fake media UI grants at once). The popup's notice asking for it
  // may already be gone by then: the popup learns the permission state as it loads.
  const permission = await profile.context.newPage();
  await permission.goto(profile.extensionUrl('permission.html'));
  await expect(permission).toHaveTitle('Kamera und Mikrofon für Ringside');
  await permission.getByRole('button', { name: 'Kamera und Mikrofon erlauben' }).click();
  await expect(permission.getByRole('status')).toHaveText(
    'Kamera und Mikrofon erlaubt. Sie können diesen Tab schließen.',
  );
  await permission.close();
  await popup.reload();
  await expect(popup.getByRole('button', { name: 'Kamera und Mikrofon erlauben' })).toHaveCount(0);

  await expect(popup.getByText('Verbunden', { exact: true })).toBeVisible();
  const contacts = popup.getByRole('list', { name: 'Kontakte' });
  await expect(contacts.getByRole('button', { name: 'Bernd Bauer per Audio anrufen' })).toBeVisible();
  // Recent calls: the status in German, the time through Intl.RelativeTimeFormat("de").
  const recent = popup.getByRole('list', { name: 'Letzte Anrufe' }).getByRole('listitem');
  await expect(recent).toHaveCount(1);
  await expect(recent).toContainText('Audio · Nicht erreichbar');
  await expect(recent.locator('time')).toHaveText(/^(jetzt|vor \d+ Min\.)$/);
  // Signed-in devices: a German date ("1. Dez., 17:40").
  const thisDevice = popup
    .getByRole('list', { name: 'Angemeldete Geräte' })
    .getByRole('listitem')
    .filter({ hasText: 'Dieses Gerät' });
  await expect(thisDevice).toContainText(/Angemeldet \d{1,2}\. \S+ \d{2}:\d{2} · zuletzt aktiv/);
  await expect(thisDevice.getByRole('button', { name: 'Dieses Gerät abmelden' })).toBeVisible();
  await expect(popup.getByRole('group', { name: 'Mikrofon-Verarbeitung' })).toContainText(
    'Rauschunterdrückung',
  );
  await popup.locator('h1').scrollIntoViewIfNeeded();
  await screenshotBothThemes(popup, 'popup-de');

  // The setup check: every line and the time taken in German ("3,1 Sek.").
  await popup.getByRole('button', { name: 'Geräte testen' }).click();
  await expect(popup.getByRole('status').filter({ hasText: /^Test nach \d+,\d/ })).toBeVisible({
    timeout: 15_000,
  });
  await expect(
    popup.getByRole('list', { name: 'Ergebnisse des Gerätetests' }).getByRole('listitem'),
  ).toHaveText([
    /^Kamera: OK/,
    /^Mikrofon: OK/,
    /^Lautsprecher: (OK|Problem)/,
    /^Netzwerk: (OK|Problem|Warnung)/,
  ]);
  // The results and the time taken, at the bottom of the view.
  await popup
    .getByRole('status')
    .filter({ hasText: /^Test nach/ })
    .evaluate((status) => status.scrollIntoView({ block: 'end' }));
  await screenshotBothThemes(popup, 'popup-setup-check-de');
  await popup.getByRole('button', { name: 'Test beenden' }).click();
});
