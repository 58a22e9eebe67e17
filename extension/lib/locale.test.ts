import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale';

describe('pickLocale', () => {
  it("keeps the browser's region when the messages are in its language", () => {
    expect(pickLocale('de', 'de-AT')).toBe('de-AT');
    expect(pickLocale('en', 'en-GB')).toBe('en-GB');
    expect(pickLocale('es', 'es_419')).toBe('es-419');
  });
  it('follows the messages when the browser speaks a language we have no messages for', () => {
    expect(pickLocale('en', 'fr-FR')).toBe('en');
    expect(pickLocale('en', undefined)).toBe('en');
  });
});
