import { describe, expect, it } from 'vitest';
import { DisplayNameSchema, UsernameSchema } from './schemas.js';

describe('display names', () => {
  it('normalizes to NFC and trims', () => {
    // "e" + combining acute (NFD) becomes the single code point U+00E9.
    expect(DisplayNameSchema.parse('  Jose\u0301 ')).toBe('Jos\u00e9');
  });

  it('keeps ordinary Unicode names and emoji sequences', () => {
    for (const name of ['Zoë', '李小龙', 'محمد', 'Family 👨‍👩‍👧', '🏳️‍🌈 Pride', 'Ana-María O’Neil'])
      expect(DisplayNameSchema.safeParse(name).success, name).toBe(true);
  });

  it('refuses control, bidi-control and zero-width characters', () => {
    const bad = [
      'Alice\u0000',
      'Alice\nSupport',
      'Ali\u0085ce',
      'Alice\u202Egnp.exe', // right-to-left override
      'Alice\u2066x\u2069', // isolates
      'Alice\u200F',
      'Ali\u200Bce', // zero-width space
      'Ali\u200Cce',
      'Ali\u200Dce', // a joiner outside an emoji sequence
      'Ali\u2060ce',
      'Ali\uFEFFce',
      '\u3164',
    ];
    for (const name of bad) {
      const result = DisplayNameSchema.safeParse(name);
      expect(result.success, JSON.stringify(name)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/control, bidi-override or zero-width/);
    }
  });
});

describe('usernames', () => {
  it('trims and lowercases, then checks the characters', () => {
    expect(UsernameSchema.parse('  Alice_B.1 ')).toBe('alice_b.1');
    for (const name of ['ab', 'a'.repeat(33), 'al ice', 'alicé']) {
      const result = UsernameSchema.safeParse(name);
      expect(result.success, name).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('username: 3-32 of a-z 0-9 _ . -');
    }
  });
});
