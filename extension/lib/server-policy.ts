/**
 * Which server a team's users sign in to. Two ways to pin it, strongest first:
 * 1. an administrator's managed storage policy (`chrome.storage.managed`, schema in
 *    `public/managed_schema.json`): `serverUrl`, and `lockServerUrl` to refuse any other server;
 * 2. a build-time default (`WXT_RINGSIDE_SERVER_URL=https://... npm run zip`), which users may change.
 * Otherwise the form starts from the local development server.
 */
import * as z from 'zod/mini';

export const developmentServerUrl = 'http://127.0.0.1:3000';

const HttpUrlSchema = z.url({ protocol: /^https?$/ });

/** What an administrator may set (validated: a policy is data from outside the extension). */
export const ManagedPolicySchema = z.object({
  serverUrl: z.optional(HttpUrlSchema),
  lockServerUrl: z.optional(z.boolean()),
});

export interface ServerPolicy {
  /** The URL the sign-in form starts from. */
  serverUrl: string;
  /** True when only `serverUrl` is allowed (the managed policy says so). */
  locked: boolean;
  source: 'policy' | 'build' | 'none';
}

/** The build-time default, when the build set one and it is an http(s) URL. */
export function buildDefaultServerUrl(): string | null {
  const configured: unknown = import.meta.env.WXT_RINGSIDE_SERVER_URL;
  const parsed = HttpUrlSchema.safeParse(configured);
  return parsed.success ? parsed.data : null;
}

/** Resolves the policy from the managed storage (when readable and valid), then the build default. */
export async function readServerPolicy(): Promise<ServerPolicy> {
  const managed = await chrome.storage.managed.get(['serverUrl', 'lockServerUrl']).catch(() => ({}));
  const policy = ManagedPolicySchema.safeParse(managed);
  if (policy.success && policy.data.serverUrl)
    return { serverUrl: policy.data.serverUrl, locked: policy.data.lockServerUrl ?? false, source: 'policy' };
  const built = buildDefaultServerUrl();
  if (built) return { serverUrl: built, locked: false, source: 'build' };
  return { serverUrl: developmentServerUrl, locked: false, source: 'none' };
}

/** Whether `serverUrl` (normalized to its origin) may be signed in to under `policy`. */
export function allowedByPolicy(policy: ServerPolicy, serverUrl: string): boolean {
  if (!policy.locked) return true;
  try {
    return new URL(policy.serverUrl).origin === new URL(serverUrl).origin;
  } catch {
    return false;
  }
}
