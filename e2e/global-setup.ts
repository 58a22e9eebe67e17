/**
 * Playwright globalSetup: bundles the server once for the whole run (testing/server-bundle.ts);
 * every e2e server then starts from it (`RINGSIDE_E2E_SERVER_SCRIPT`, which the workers inherit).
 */
import { bundleServer } from '../testing/server-bundle.js';

export default async function globalSetup(): Promise<() => void> {
  const bundle = await bundleServer(`e2e-server-${process.pid}`);
  process.env.RINGSIDE_E2E_SERVER_SCRIPT = bundle.script;
  return () => bundle.remove();
}
