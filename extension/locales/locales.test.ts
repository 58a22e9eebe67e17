import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';

const dir = path.dirname(new URL(import.meta.url).pathname);
type ParsedMessage = Awaited<ReturnType<typeof parseMessagesFile>>[number];
/** A message's text (a plural one: all its forms). */
const textOf = (message: ParsedMessage) =>
  message.type === 'plural' ? Object.values(message.plurals).join('\n') : message.message;
/** Each key with the `$1`-style placeholders its text uses (sorted, each once). */
const shape = async (lang: string) =>
  Object.fromEntries(
    (await parseMessagesFile(path.join(dir, `${lang}.yml`))).map((message) => [
      message.key.join('.'),
      {
        substitutions: message.substitutions,
        placeholders: [...new Set(textOf(message).match(/\$\d+/g) ?? [])].sort(),
        empty: textOf(message).trim() === '',
      },
    ]),
  );

describe('locales', () => {
  it.each(['de', 'es'])('%s has exactly the English keys, with the same placeholders', async (lang) => {
    const english = await shape('en');
    const translated = await shape(lang);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, form] of Object.entries(english))
      expect({ key, ...translated[key] }).toEqual({ key, ...form, empty: false });
  });

  it('names its language in `lang` (the locale for Intl and <html lang>)', async () => {
    for (const lang of ['en', 'de', 'es']) {
      const langMessage = (await parseMessagesFile(path.join(dir, `${lang}.yml`))).find(
        (m) => m.key[0] === 'lang',
      );
      expect(langMessage && textOf(langMessage)).toBe(lang);
    }
  });
});
