/** Turning a caught error into a failure answer: a known code crosses contexts, its text does not. */
import type { Failure } from '../../lib/messages';
import { createLogger } from '../../lib/log';
import { ApiRequestError } from './api-client';

const log = createLogger('worker');

/** The failure answer for `error` caught while doing `what`; anything but an API error is `internal`. */
export function failureOf(what: string, error: unknown): Failure {
  if (error instanceof ApiRequestError) {
    log.info(`${what} refused`, { code: error.code, message: error.message });
    return { ok: false, error: error.code };
  }
  log.error(`${what} failed`, { error: String(error) });
  return { ok: false, error: 'internal' };
}
