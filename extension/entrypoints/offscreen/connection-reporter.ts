/**
 * The call's peer-connection state, reported to the worker (offscreen:connection): each change at
 * once, `failed` only after a grace period for ICE restarts, and a heartbeat that re-reports the
 * state (the worker may have restarted).
 */
import { sendMessage } from '../../lib/messages';
import { lifetimes } from '../../lib/lifetimes';

const { failedStateGraceMs, mediaHeartbeatMs: heartbeatMs } = lifetimes;

export class ConnectionReporter {
  #failedTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  /** Re-report `currentState()` every heartbeat until `stop()`; a new call's session restarts it. */
  startHeartbeat(currentState: () => RTCPeerConnectionState | undefined): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      const state = currentState();
      if (state && state !== 'failed') void sendMessage({ type: 'offscreen:connection', state });
    }, heartbeatMs);
  }

  /** A state change of the call's peer connection. */
  report(state: RTCPeerConnectionState): void {
    if (state === 'connected') this.#cancelFailed();
    if (state === 'failed') {
      // ICE restarts get a while to recover (they may bounce through other states) before the
      // worker hangs up with ice_failed; the timer is not reset until the connection is back.
      this.#failedTimer ??= setTimeout(
        () => void sendMessage({ type: 'offscreen:connection', state: 'failed' }),
        failedStateGraceMs,
      );
      return;
    }
    void sendMessage({ type: 'offscreen:connection', state });
  }

  /** The call's media are released: no late `failed`, no more heartbeats. */
  stop(): void {
    this.#cancelFailed();
    clearInterval(this.#heartbeat);
  }

  #cancelFailed(): void {
    clearTimeout(this.#failedTimer);
    this.#failedTimer = undefined;
  }
}
