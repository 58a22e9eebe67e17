import { describe, expect, it } from 'vitest';
import { clockDuration, relativeTime, shortSeconds, spokenDuration } from './format-time';

const now = Date.parse('2026-12-01T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('relativeTime', () => {
  it('says now, minutes, hours and days ago in the given language', () => {
    expect(relativeTime(ago(10), now, 'en')).toBe('now');
    expect(relativeTime(ago(120), now, 'en')).toBe('2 min. ago');
    expect(relativeTime(ago(3 * 3600), now, 'en')).toBe('3 hr. ago');
    expect(relativeTime(ago(86_400), now, 'en')).toBe('yesterday');
    expect(relativeTime(ago(120), now, 'de')).toBe('vor 2 Min.');
    expect(relativeTime(ago(120), now, 'es')).toBe('hace 2 min');
  });
  it('gives a date for calls older than a week', () => {
    expect(relativeTime(ago(10 * 86_400), now, 'en')).toMatch(/Nov 21/);
  });
});

// Node 20 has no Intl.DurationFormat: these run the fallback; Chromium runs DurationFormat (e2e/16-languages).
describe('clockDuration', () => {
  it('shows minutes and seconds, and hours only past an hour', () => {
    expect(clockDuration(65, 'en')).toBe('01:05');
    expect(clockDuration(3725, 'de')).toBe('1:02:05');
  });
  it("writes the language's digits", () => {
    expect(clockDuration(65, 'ar-EG')).toBe('٠١:٠٥');
  });
});

describe('spokenDuration', () => {
  it('names every unit from the largest non-zero one', () => {
    expect(spokenDuration(5, 'en')).toBe('5 seconds');
    expect(spokenDuration(3725, 'en')).toBe('1 hour 2 minutes 5 seconds');
    expect(spokenDuration(65, 'de')).toBe('1 Minute, 5 Sekunden');
  });
});

describe('shortSeconds', () => {
  it('gives one decimal in the language', () => {
    expect(shortSeconds(1234, 'en')).toBe('1.2s');
    expect(shortSeconds(1234, 'de')).toMatch(/^1,2\s?(s|Sek\.)$/);
  });
});
