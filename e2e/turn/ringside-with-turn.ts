import { startService, type Coturn } from '../../scripts/services/index.js';
import { startServer, type RunningServer } from '../fixtures/server.js';

/** A real coturn on loopback plus a Ringside server that hands out its credentials, relay only. */
export interface TurnSetup {
  coturn: Coturn;
  server: RunningServer;
  /** The exact environment the Ringside server got for TURN (docs/turn.md quotes it). */
  turnEnv: Record<string, string>;
  stop: () => Promise<void>;
}

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
    const server = await startServer({
      ringTimeoutS: options.ringTimeoutS ?? 20,
      reconnectGraceS: 5,
      extraEnv: turnEnv,
    });
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

/**
 * `startCoturn()` with FORCE_COLOR=0: under Playwright FORCE_COLOR is set, so the `node -e` in
 * scripts/services/common.sh `free_port` prints the port with ANSI colour codes and coturn.sh's
 * arithmetic on it fails ("operand expected"). Same script, same flags otherwise.
 */
async function startLoopbackCoturn(): Promise<Coturn> {
  const service = await startService('coturn', { FORCE_COLOR: '0' });
  return { ...service, secret: service.env.TURN_SECRET ?? '', realm: service.env.TURN_REALM ?? '' };
}
