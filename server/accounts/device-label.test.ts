import { describe, expect, it } from 'vitest';
import { deviceLabelFrom } from './device-label.js';

describe('deviceLabelFrom', () => {
  it('names the browser family and the OS, no versions', () => {
    expect(
      deviceLabelFrom(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(
      deviceLabelFrom(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/150.0 Safari/537.36 Edg/150.0',
      ),
    ).toBe('Edge on Windows');
    expect(deviceLabelFrom('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/130.0')).toBe(
      'Firefox on macOS',
    );
    expect(deviceLabelFrom(undefined)).toBe('Unknown browser');
  });
});
