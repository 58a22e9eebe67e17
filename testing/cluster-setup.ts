/**
 * vitest globalSetup of the `cluster` project (server/scale-out*.test.ts, shared-limits): starts ONE
 * PostgreSQL and ONE Redis for its three files (each file takes a database and a Redis database
 * index of its own, see cluster-services.ts) and bundles `server/main.ts` once with esbuild, so each
 * node starts as plain `node main.mjs` instead of compiling through tsx's loader (a third of the
 * start-up CPU; ~14 node starts per run). Without the binaries it provides nothing and the suites
 * skip, unless CI=true, where a missing service fails the run.
 */
import type { TestProject } from 'vitest/node';
import { serviceAvailable, startPostgres, startRedis, type Service } from '../scripts/services/index.js';
import type { ClusterServices } from './cluster-services.js';
import { bundleServer } from './server-bundle.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const installed = serviceAvailable('postgres') && serviceAvailable('redis');
  if (!installed && process.env.CI !== 'true') {
    project.provide('cluster', null);
    return async () => {};
  }
  const started = await Promise.allSettled([
    startPostgres(),
    startRedis(),
    bundleServer(`cluster-server-${process.pid}`),
  ]);
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
