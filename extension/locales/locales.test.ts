import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';

const dir = path.dirname(new URL(import.meta.url).pathname);
const shape = async (lang: string) =>
  Object.fromEntries(
    (await parseMessagesFile(path.join(dir, `${lang}.yml`))).map((message) => [
      message.key.join('.'),
      message.substitutions,
    ]),
  );

describe('locales', () => {
  it.each(['de', 'es'])('%s has every English message, with the same placeholders', async (lang) => {
    const english = await shape('en');
    const translated = await shape(lang);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, substitutions] of Object.entries(english))
      expect({ key, substitutions: translated[key] }).toEqual({ key, substitutions });
  });
});
