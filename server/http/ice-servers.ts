import { createHmac } from 'node:crypto';
import type { IceServer, IceServersResponse } from '../../protocol/index.js';
import type { ServerConfig } from '../config.js';

/**
 * STUN from config, plus TURN with coturn `use-auth-secret` (TURN REST API) credentials:
 * username `<expiry unix seconds>:<userId>`, credential base64(HMAC-SHA1(secret, username)).
 */
export function iceServersFor(
  config: Pick<ServerConfig, 'stunUrls' | 'turnUrls' | 'turnSecret' | 'turnTtlS' | 'iceTransportPolicy'>,
  userId: string,
  nowMs: number = Date.now(),
): IceServersResponse {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: config.stunUrls });
  if (config.turnSecret && config.turnUrls.length > 0) {
    const username = `${Math.floor(nowMs / 1000) + config.turnTtlS}:${userId}`;
    const credential = createHmac('sha1', config.turnSecret).update(username).digest('base64');
    iceServers.push({ urls: config.turnUrls, username, credential });
  }
  return { iceServers, ttl: config.turnTtlS, iceTransportPolicy: config.iceTransportPolicy };
}
