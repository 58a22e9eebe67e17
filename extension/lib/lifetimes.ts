/**
 * Every keepalive, deadline and lifetime of the extension, in one place with the reason it exists.
 * Call deadlines feed the call machine a `deadline` event (background/call/deadlines.ts); the
 * machine, not the timer, picks what the end means.
 */
export const lifetimes = {
  // ---- call deadlines (worker) ----
  /** The server ends a ringing call at its own ring timeout (45 s default); this local limit only
   * ends a dial whose server went silent, as "No answer". */
  outgoingRingLimitMs: 60_000,
  /** An incoming call rings until the server's `expiresAt`, plus this much for the server's own
   * timeout event to arrive first (a clock skew or a lost event must not ring forever). */
  incomingRingGraceMs: 5_000,
  /** ICE + DTLS normally take well under a second; a call stuck connecting this long failed. */
  connectingLimitMs: 30_000,
  /** How long the "Call ended" status stays on screen before the overlay goes away. */
  endedDisplayMs: 4_000,
  /** A hang-up waits at most this long for the call's quality summary; it never holds up the end. */
  qualitySummaryWaitMs: 300,
  /** A ringing offer restored without an expiry (an older server) rings this long. */
  restoredRingFallbackMs: 30_000,
  /** A recording request the peer has not answered in this long is withdrawn and the asker told (issue 15). */
  recordingRequestMs: 30_000,

  // ---- keeping the worker alive and reachable ----
  /** Activity within 30 s keeps Chrome from stopping the worker while the socket is open. */
  socketKeepAliveMs: 20_000,
  /** Socket.IO acks that take longer are treated as "no answer from server". */
  ackTimeoutMs: 10_000,
  /** Longest back-off between socket reconnect attempts. */
  reconnectDelayMaxMs: 5_000,
  /** The same during a call: a short cut must not outlast the server's reconnect grace (R4). */
  inCallReconnectDelayMaxMs: 1_000,
  /** After the server itself closed the socket (a revoked session, a node shutting down), retry once after this. */
  serverDisconnectRetryMs: 1_000,
  /** An alarm wakes a stopped worker (which reconnects its socket); Chrome's minimum period. */
  wakeAlarmPeriodMinutes: 0.5,
  /** The offscreen document messages the worker this often, so a stopped worker is back within it
   * and a call placed meanwhile still rings (R-F1). */
  offscreenKeepAliveMs: 4_000,

  // ---- media (offscreen document) ----
  /** The offscreen document re-reports the connection state this often (the worker may have restarted). */
  mediaHeartbeatMs: 5_000,
  /** A peer connection in `failed` this long after ICE restarts gives up (ends as ice_failed). */
  failedStateGraceMs: 30_000,
  /** Between ICE restart attempts while the connection is down. */
  iceRestartRetryMs: 5_000,
  /** A ringing callee makes its answer (and gathers) this long after the offer is applied: the
   * ringing overlay boots first on the same cores, and no one accepts a call sooner than this. */
  earlyAnswerDelayMs: 500,
  /** While a call rings, the capture services are touched this often (Chromium stops its video
   * capture service ~5 s after its last use: offscreen/capture-warmth.ts), and at most this long. */
  captureWarmthEveryMs: 3_000,
  captureWarmthMaxMs: 60_000,

  // ---- extension updates (worker) ----
  /** After the last call went idle, a waiting update reloads the extension this much later: the
   * overlay's removal (a message to its content script) completes first, so no page keeps a dead frame. */
  updateReloadSettleMs: 1_000,

  // ---- overlay frame ----
  /** Before the frame opens a new port after its old one dropped (a restarted worker). */
  overlayReconnectMs: 500,
  /** Longest wait for the host to apply a size before the buttons are enabled anyway. */
  frameSettleFallbackMs: 2_000,
  /** How long the "click ignored" hint of the visibility gate stays up. */
  gateHintMs: 3_000,
} as const;
