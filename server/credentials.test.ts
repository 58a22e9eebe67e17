import { describe, expect, it } from 'vitest';
import { hashPassword, hashToken, newSessionToken, verifyPassword } from './credentials.js';

describe('credentials', () => {
  it('hashes passwords with a per-user salt and verifies them', async () => {
    const first = await hashPassword('correct horse', 10);
    const second = await hashPassword('correct horse', 10);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('wrong horse', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });

  it('makes 32-byte tokens and stores only their sha256', () => {
    const token = newSessionToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });
});
