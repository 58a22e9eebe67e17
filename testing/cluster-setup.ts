/**
 * vitest globalSetup of the `cluster` project (server/scale-out*.test.ts, shared-limits): starts ONE
 * PostgreSQL and ONE Redis for its three files (each file takes a database and a Redis database
 * index of its own, see cluster-services.ts) and bundles `server/main.ts` once with esbuild, so each
 * node starts as plain `node main.mjs` instead of compiling through tsx's loader (a third of the
 * start-up CPU; ~14 node starts per run). Without the binaries it provides nothing and the suites
 * skip, unless CI=true, where a missing service fails the run.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { serviceAvailable, startPostgres, startRedis, type Service } from '../scripts/services/index.js';
import type { ClusterServices } from './cluster-services.js';
import { repoRoot } from './server-process.js';

/** Bundles the server next to the repository's node_modules (packages stay external). */
async function bundleServer(): Promise<{ script: string; remove(): void }> {
  // Under the git-ignored /tmp/ of the checkout, so `import 'socket.io'` resolves as from server/.
  const dir = path.join(repoRoot, 'tmp', `cluster-server-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'main.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'server', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    sourcemap: 'inline',
    outfile: script,
    logLevel: 'warning',
  });
  return { script, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const installed = serviceAvailable('postgres') && serviceAvailable('redis');
  if (!installed && process.env.CI !== 'true') {
    project.provide('cluster', null);
    return async () => {};
  }
  const started = await Promise.allSettled([startPostgres(), startRedis(), bundleServer()]);
  const [postgres, redis, bundle] = started;
  const stop = async () => {
    await Promise.all(
      [postgres, redis].map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)),
    );
    if (bundle.status === 'fulfilled') bundle.value.remove();
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (
    failed ||
    postgres.status !== 'fulfilled' ||
    redis.status !== 'fulfilled' ||
    bundle.status !== 'fulfilled'
  ) {
    await stop();
    throw (failed as PromiseRejectedResult | undefined)?.reason ?? new Error('cluster services failed');
  }
  const describe = (service: Service) => ({ url: service.url, dir: service.dir });
  const services: ClusterServices = {
    postgres: describe(postgres.value),
    redis: describe(redis.value),
    serverScript: bundle.value.script,
  };
  project.provide('cluster', services);
  return stop;
}
