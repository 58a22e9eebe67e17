import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('data'),
      databaseUrl: `sqlite:${resolve('data', 'ringside.db')}`,
      ringTimeoutS: 45,
      reconnectGraceS: 30,
      sweepIntervalS: 5,
      stunUrls: ['stun:stun.l.google.com:19302', 'stun:stun1.l.google.com:19302'],
      turnUrls: [],
      turnSecret: undefined,
      turnTtlS: 3600,
      corsOrigins: ['chrome-extension://*'],
      logLevel: 'info',
      scryptLogN: 15,
      redisUrl: undefined,
      databasePoolSize: 20,
      databasePreparedStatements: true,
      rateLimits: {
        login: { max: 10, windowS: 60 },
        register: { max: 20, windowS: 3600 },
        invite: { max: 20, windowS: 60 },
        signal: { max: 200, windowS: 10 },
      },
    });
  });

  it('reads and coerces every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u@localhost/db',
      RING_TIMEOUT_S: '0.5',
      SWEEP_INTERVAL_S: '0.25',
      STUN_URLS: ' stun:a:1 , stun:b:2 ',
      TURN_URLS: 'turn:t:3478',
      TURN_SECRET: 's',
      CORS_ORIGINS: 'chrome-extension://abc,https://*.example.com',
      SCRYPT_LOG_N: '10',
      REDIS_URL: 'redis://localhost:6379',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@localhost/db',
      ringTimeoutS: 0.5,
      sweepIntervalS: 0.25,
      stunUrls: ['stun:a:1', 'stun:b:2'],
      turnUrls: ['turn:t:3478'],
      turnSecret: 's',
      corsOrigins: ['chrome-extension://abc', 'https://*.example.com'],
      scryptLogN: 10,
      redisUrl: 'redis://localhost:6379',
    });
    // Empty means unset, except that an empty (or `none`) ICE list means no servers.
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
    expect(loadConfig({ STUN_URLS: '' }).stunUrls).toEqual([]);
    expect(loadConfig({ STUN_URLS: 'none' }).stunUrls).toEqual([]);
    expect(loadConfig({ STUN_URLS: undefined }).stunUrls).toHaveLength(2);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).databasePreparedStatements).toBe(false);
    expect(() => loadConfig({ DATABASE_PREPARED_STATEMENTS: 'no' })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });

  it('fails clearly, naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', RING_TIMEOUT_S: '-1', DATABASE_URL: 'mysql://x' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', RING_TIMEOUT_S: '-1', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/RING_TIMEOUT_S/);
      expect(String(error)).toMatch(/DATABASE_URL/);
      expect(String(error)).toMatch(/LOG_LEVEL/);
    }
  });
});
