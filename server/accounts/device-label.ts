const browsers: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chromium\//, 'Chromium'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  // Node's fetch (scripts, the test suites)
  [/^(node|undici)/i, 'Script'],
];
const systems: [RegExp, string][] = [
  [/CrOS/, 'ChromeOS'],
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];
const first = (table: [RegExp, string][], ua: string) => table.find(([pattern]) => pattern.test(ua))?.[1];

/**
 * A short human name for a device from its User-Agent ("Chrome on Linux"), for the devices list when
 * the client sent no device name. Only the browser family and the OS, on purpose: it names a device
 * for its owner and is no fingerprint (a UA parser library would give versions we do not want).
 */
export function deviceLabelFrom(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = first(browsers, ua) ?? 'Unknown browser';
  const os = first(systems, ua);
  return os ? `${browser} on ${os}` : browser;
}
