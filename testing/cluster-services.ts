/**
 * What the cluster suites share (testing/cluster-setup.ts starts it once per run): one PostgreSQL,
 * one Redis and the bundled server. Each file takes a fresh database and a Redis database index of
 * its own, so files never see each other's rows or keys (they also run one at a time).
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';

export interface ClusterServices {
  postgres: { url: string; dir: string };
  redis: { url: string; dir: string };
  /** The bundled `server/main.ts` (plain node, no tsx). */
  serverScript: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterServices | null;
  }
}

/** The shared services, or null when they are not installed (the suites skip; CI=true fails in setup). */
export const clusterServices = (): ClusterServices | null => inject('cluster');

let redisIndex = 0;

/** A fresh database on the shared PostgreSQL and a Redis database index for one file. */
export async function isolatedServices(services: ClusterServices, name: string) {
  const database = `${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 1e6}`;
  const admin = new pg.Client({ connectionString: services.postgres.url });
  await admin.connect();
  try {
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = new URL(services.postgres.url);
  databaseUrl.pathname = `/${database}`;
  // Redis has 16 databases; files run one after the other, so a per-process counter is enough.
  const redisUrl = new URL(services.redis.url);
  redisUrl.pathname = `/${1 + ((process.pid + redisIndex++) % 15)}`;
  const redis = new Redis(redisUrl.toString());
  try {
    await redis.flushdb(); // what an earlier run left in this index
  } finally {
    redis.disconnect();
  }
  return { databaseUrl: databaseUrl.toString(), redisUrl: redisUrl.toString() };
}
