import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startService, type Coturn } from '../../scripts/services/index.js';
import { repoRoot, type RunningServer } from '../fixtures/server.js';

/** A real coturn on loopback plus a Ringside server that hands out its credentials, relay only. */
export interface TurnSetup {
  coturn: Coturn;
  server: RunningServer;
  /** The exact environment the Ringside server got for TURN (docs/turn.md quotes it). */
  turnEnv: Record<string, string>;
  stop: () => Promise<void>;
}

const startTimeoutMs = 30_000;

/**
 * Starts coturn through scripts/services (use-auth-secret, listening and relay ip 127.0.0.1,
 * allow-loopback-peers) and the Ringside server with TURN_URLS/TURN_SECRET/ICE_TRANSPORT_POLICY=relay
 * and no STUN, so `/api/ice-servers` offers only the loopback TURN server.
 */
export async function startRingsideWithTurn(
  options: { ringTimeoutS?: number; policy?: 'relay' | 'all' } = {},
): Promise<TurnSetup> {
  const coturn = await startLoopbackCoturn();
  const turnEnv = {
    TURN_URLS: `${coturn.url}?transport=udp`,
    TURN_SECRET: coturn.secret,
    TURN_TTL_S: '600',
    ICE_TRANSPORT_POLICY: options.policy ?? 'relay',
    STUN_URLS: 'none',
  };
  try {
    const server = await spawnServer(turnEnv, options.ringTimeoutS ?? 20);
    return {
      coturn,
      server,
      turnEnv,
      stop: async () => {
        await server.stop();
        await coturn.stop();
      },
    };
  } catch (error) {
    await coturn.stop();
    throw error;
  }
}

async function spawnServer(extraEnv: Record<string, string>, ringTimeoutS: number): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ringside-turn-data-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RING_TIMEOUT_S: String(ringTimeoutS),
      RECONNECT_GRACE_S: '5',
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'info',
      NODE_ENV: 'test',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const output = () => lines.join('\n');
  const stop = () => stopChild(child, dataDir);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "listening" log')), startTimeoutMs);
      const onLine = (line: string) => {
        lines.push(line);
        if (lines.length > 2000) lines.shift();
        if (!line.includes('"listening"')) return;
        try {
          const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
          if (entry.msg === 'listening' && typeof entry.url === 'string') {
            clearTimeout(timer);
            resolve(entry.url.replace(/\/$/, ''));
          }
        } catch {
          // not JSON: keep waiting
        }
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', onLine);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited early (code ${code})`));
      });
    });
    return { url, dataDir, output, stop };
  } catch (error) {
    await stop();
    throw new Error(`server did not start: ${(error as Error).message}\n${output()}`, { cause: error });
  }
}

async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killTimer);
  }
  await rm(dataDir, { recursive: true, force: true });
}

/**
 * `startCoturn()` with FORCE_COLOR=0: under Playwright FORCE_COLOR is set, so the `node -e` in
 * scripts/services/common.sh `free_port` prints the port with ANSI colour codes and coturn.sh's
 * arithmetic on it fails ("operand expected"). Same script, same flags otherwise.
 */
async function startLoopbackCoturn(): Promise<Coturn> {
  const service = await startService('coturn', { FORCE_COLOR: '0' });
  return { ...service, secret: service.env.TURN_SECRET ?? '', realm: service.env.TURN_REALM ?? '' };
}
