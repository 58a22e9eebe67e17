/**
 * The server's ICE servers, cached so a call never waits for `/api/ice-servers` (issue 12): an
 * answer is reused for `reuseFraction` of its `ttl` (the TURN credentials stay valid the whole
 * `ttl`, so a peer connection made near the end of the reuse window still has time to connect) and
 * refreshed in the background once `refreshFraction` of it has passed. A failed fetch is not cached.
 */
import type { IceServersResponse } from '../../../protocol';
import type { IceConfig } from './call/call-ports';

export const iceCachePolicy = {
  /** Reuse an answer for this part of its ttl; past it, a call waits for a fresh one. */
  reuseFraction: 0.5,
  /** Past this part of its ttl, a use also starts a refresh in the background. */
  refreshFraction: 0.25,
} as const;

interface Entry {
  config: IceConfig;
  fetchedAt: number;
  ttlMs: number;
}

export class IceServerCache {
  #entry: Entry | null = null;
  #inflight: Promise<IceConfig | null> | null = null;

  constructor(
    private readonly fetch: () => Promise<IceServersResponse>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached configuration while fresh enough; otherwise waits for the server (null on failure). */
  async get(): Promise<IceConfig | null> {
    const entry = this.#entry;
    const age = entry ? this.now() - entry.fetchedAt : Number.POSITIVE_INFINITY;
    if (entry && age < entry.ttlMs * iceCachePolicy.reuseFraction) {
      if (age >= entry.ttlMs * iceCachePolicy.refreshFraction) void this.refresh();
      return entry.config;
    }
    return this.refresh();
  }

  /** Fetch now (one request at a time); called at sign-in so the first call finds it warm. */
  refresh(): Promise<IceConfig | null> {
    this.#inflight ??= this.fetch()
      .then((response) => {
        const config: IceConfig = {
          iceServers: response.iceServers,
          iceTransportPolicy: response.iceTransportPolicy,
        };
        this.#entry = { config, fetchedAt: this.now(), ttlMs: Math.max(0, response.ttl) * 1000 };
        return config;
      })
      .catch(() => null)
      .finally(() => {
        this.#inflight = null;
      });
    return this.#inflight;
  }
}
