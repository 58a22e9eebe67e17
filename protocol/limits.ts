const maxSdpBytes = 64 * 1024;
const maxCandidateBytes = 1024;
/**
 * How much JSON can grow a string, per UTF-8 byte: a control character becomes `\u00XX` (6 bytes for 1);
 * a newline or quote 2 for 1; a lone surrogate `\udXXX` 6 for the 3 bytes it counts as. Nothing is worse.
 */
const jsonEscapeGrowth = 6;
/** Everything around the strings: packet type, ack id, event name, callId and other fields. */
const envelopeBytes = 4 * 1024;

/** Size and rate limits shared by the server (enforcement) and clients (pre-checks). */
export const limits = {
  /** Largest SDP accepted in an invite, accept or renegotiation. */
  maxSdpBytes,
  /** Largest serialized ICE candidate accepted in `call:signal`. */
  maxCandidateBytes,
  /** Candidates the server holds per ringing call before the callee accepts; extra ones are dropped. */
  maxHeldCandidates: 64,
  /** Largest HTTP JSON body. */
  maxHttpBodyBytes: 16 * 1024,
  /**
   * Socket.IO `maxHttpBufferSize`, the largest frame before the socket is closed: the worst-case JSON
   * encoding of the largest valid payload (a `call:signal` with a maximal SDP and a maximal candidate).
   * So a valid SDP always reaches validation, and an over-limit one gets `invalid` on a live socket
   * (up to this size; beyond it the frame cannot be a valid payload in any encoding).
   */
  maxSocketMessageBytes: jsonEscapeGrowth * (maxSdpBytes + maxCandidateBytes) + envelopeBytes,
  /** Calls returned by one page of `GET /api/calls`. */
  maxCallHistoryPage: 100,
  defaultCallHistoryPage: 30,
} as const;
