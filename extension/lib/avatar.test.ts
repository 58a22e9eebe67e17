import { describe, expect, it } from 'vitest';
import { avatarFor, contrastWithWhite, initialsOf, minContrast } from './avatar';

const alice = { id: 'u-alice-1', username: 'alice', displayName: 'Alice Archer' };

describe('avatarFor', () => {
  it('gives the same avatar for the same user every time', () => {
    expect(avatarFor(alice)).toEqual(avatarFor({ ...alice }));
  });

  it('derives the colour from the id, not the display name', () => {
    const mallory = { id: 'u-mallory-2', username: 'mallory', displayName: 'Alice Archer' };
    expect(avatarFor(mallory).initials).toBe(avatarFor(alice).initials);
    expect(avatarFor(mallory).background).not.toBe(avatarFor(alice).background);
    expect(avatarFor({ ...alice, displayName: 'Someone Else' }).background).toBe(avatarFor(alice).background);
  });

  it('keeps white initials readable on every colour it picks', () => {
    const colours = new Set<string>();
    for (let index = 0; index < 2000; index += 1) {
      const { background } = avatarFor({ ...alice, id: `id-${index}` });
      expect(background).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrastWithWhite(background)).toBeGreaterThanOrEqual(minContrast);
      colours.add(background);
    }
    // Spread over the colour wheel, not a handful of shades.
    expect(colours.size).toBeGreaterThan(200);
  });
});

describe('initialsOf', () => {
  it('takes the first and last word', () => {
    expect(initialsOf({ username: 'x', displayName: 'Ana María de la Cruz' })).toBe('AC');
    expect(initialsOf({ username: 'x', displayName: 'bob' })).toBe('B');
  });

  it('skips what is not a letter and falls back to the username', () => {
    expect(initialsOf({ username: 'x', displayName: '🎉 (Zoë)' })).toBe('Z');
    expect(initialsOf({ username: 'carol', displayName: '🎉 !!' })).toBe('C');
    expect(initialsOf({ username: '__', displayName: '' })).toBe('?');
  });

  it('handles letters outside Latin', () => {
    expect(initialsOf({ username: 'x', displayName: 'Юлия Петрова' })).toBe('ЮП');
    expect(initialsOf({ username: 'x', displayName: '山田 太郎' })).toBe('山太');
  });
});
