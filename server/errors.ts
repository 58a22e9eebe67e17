import type { ApiError, ErrorCode } from '../protocol/index.js';

const httpStatusByCode: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  rate_limited: 429,
  not_found: 404,
  internal: 500,
  unsupported_media_type: 415,
  origin_not_allowed: 403,
  too_many_sockets: 429,
  username_taken: 409,
  invalid_credentials: 401,
  wrong_password: 403,
  user_not_found: 404,
  already_contact: 409,
  not_contact: 403,
  unavailable: 409,
  busy: 409,
  dnd: 409,
  glare: 409,
  already_in_call: 409,
  answered_elsewhere: 409,
  ended: 409,
  not_party: 403,
  not_active: 409,
};

/**
 * The one error type of the server: services throw it, the HTTP `onError` path and the socket
 * ack wrapper turn it into `{error:{code,message}}`. Anything else becomes `internal`.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string = code.replace(/_/g, ' '),
    readonly callId?: string,
  ) {
    super(message);
  }

  get status(): number {
    return httpStatusByCode[this.code];
  }

  toApiError(): ApiError {
    return this.callId
      ? { code: this.code, message: this.message, callId: this.callId }
      : { code: this.code, message: this.message };
  }
}

export const internalError: ApiError = { code: 'internal', message: 'internal error' };
