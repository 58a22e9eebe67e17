/** Dates and durations in the user's language, through Intl (never hand-built strings). */

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "just now", "2 min ago", "3 hr ago", "yesterday" up to a week; then a short date and time. */
export function relativeTime(iso: string, now = Date.now(), locale?: string): string {
  const then = new Date(iso).getTime();
  const seconds = Math.round((then - now) / 1000);
  const elapsed = Math.abs(seconds);
  if (elapsed < 45) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  if (elapsed < 7 * 86_400) {
    const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    for (const [unit, size] of units)
      if (elapsed >= size || unit === 'minute') return format.format(Math.round(seconds / size), unit);
  }
  return new Date(iso).toLocaleString(locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A call duration for screen readers and titles: "1 hour, 2 minutes, 5 seconds". */
export function spokenDuration(totalSeconds: number, locale?: string): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [
    hours > 0 &&
      new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format(hours),
    (hours > 0 || minutes > 0) &&
      new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes),
    new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(seconds),
  ].filter((part): part is string => typeof part === 'string');
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts);
}
