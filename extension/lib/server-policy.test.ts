import { describe, expect, it } from 'vitest';
import { allowedByPolicy, ManagedPolicySchema } from './server-policy';

describe('server policy', () => {
  it('accepts an https server URL and the lock flag from a managed policy', () => {
    expect(
      ManagedPolicySchema.parse({ serverUrl: 'https://calls.example.com', lockServerUrl: true }),
    ).toEqual({
      serverUrl: 'https://calls.example.com',
      lockServerUrl: true,
    });
  });
  it('refuses a policy URL that is not http(s)', () => {
    expect(ManagedPolicySchema.safeParse({ serverUrl: 'javascript:alert(1)' }).success).toBe(false);
    expect(ManagedPolicySchema.safeParse({ serverUrl: 42 }).success).toBe(false);
  });
  it('allows only the pinned origin when locked, anything when not', () => {
    const locked = { serverUrl: 'https://calls.example.com', locked: true, source: 'policy' as const };
    expect(allowedByPolicy(locked, 'https://calls.example.com/')).toBe(true);
    expect(allowedByPolicy(locked, 'https://evil.example.net')).toBe(false);
    expect(allowedByPolicy({ ...locked, locked: false }, 'https://evil.example.net')).toBe(true);
  });
});
