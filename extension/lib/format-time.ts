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
  return shortDateTime(iso, locale);
}

/** A short date and time ("Nov 21, 14:05"), for titles and lists. */
export function shortDateTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** `Intl.DurationFormat` (Chromium 129+; not in Node 20 nor in TypeScript's lib yet). */
type DurationFormatConstructor = new (
  locale: string | undefined,
  options: Record<string, string>,
) => { format(duration: { hours: number; minutes: number; seconds: number }): string };
const DurationFormat = (Intl as { DurationFormat?: DurationFormatConstructor }).DurationFormat;

const split = (totalSeconds: number) => ({
  hours: Math.floor(totalSeconds / 3600),
  minutes: Math.floor((totalSeconds % 3600) / 60),
  seconds: totalSeconds % 60,
});

/** The call timer: "01:05", or "1:02:05" past an hour, in the language's digits. */
export function clockDuration(
  totalSeconds: number,
  locale?: string,
  durationFormat = DurationFormat,
): string {
  const duration = split(totalSeconds);
  if (durationFormat)
    return new durationFormat(locale, {
      style: 'digital',
      hoursDisplay: 'auto',
      minutes: '2-digit',
      seconds: '2-digit',
    }).format(duration);
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const clock = `${two.format(duration.minutes)}:${two.format(duration.seconds)}`;
  return duration.hours > 0 ? `${new Intl.NumberFormat(locale).format(duration.hours)}:${clock}` : clock;
}

/** A call duration for screen readers and titles: "1 hour, 2 minutes, 5 seconds". */
export function spokenDuration(
  totalSeconds: number,
  locale?: string,
  durationFormat = DurationFormat,
): string {
  const { hours, minutes, seconds } = split(totalSeconds);
  if (durationFormat)
    return new durationFormat(locale, { style: 'long', secondsDisplay: 'always' }).format({
      hours,
      minutes,
      seconds,
    });
  const parts = [
    hours > 0 &&
      new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format(hours),
    (hours > 0 || minutes > 0) &&
      new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes),
    new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(seconds),
  ].filter((part): part is string => typeof part === 'string');
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts);
}

/** A measured time in seconds with one decimal: "1.2s" (English), "1,2 s" (German). */
export function shortSeconds(milliseconds: number, locale?: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'narrow',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(milliseconds / 1000);
}
