/** Size and rate limits shared by the server (enforcement) and clients (pre-checks). */
export const limits = {
  /** Largest SDP accepted in an invite, accept or renegotiation. */
  maxSdpBytes: 64 * 1024,
  /** Largest serialized ICE candidate accepted in `call:signal`. */
  maxCandidateBytes: 1024,
  /** Candidates the server holds per ringing call before the callee accepts; extra ones are dropped. */
  maxHeldCandidates: 64,
  /** Largest HTTP JSON body. */
  maxHttpBodyBytes: 16 * 1024,
  /** Socket.IO `maxHttpBufferSize`: one invite with a maximal SDP plus envelope. */
  maxSocketMessageBytes: 72 * 1024,
  /** Calls returned by one page of `GET /api/calls`. */
  maxCallHistoryPage: 100,
  defaultCallHistoryPage: 30,
} as const;
