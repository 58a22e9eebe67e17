/**
 * The peer's signals applied one after another, in the order they came, while the worker is
 * answered at once (issue 12: on Accept the candidates had waited on each other's addIceCandidate
 * round trip). A signal that cannot be applied is logged; the ones after it are still applied.
 */
import type { LocalSignal } from '../../lib/messages';
import type { Logger } from '../../lib/log';

export class RemoteSignalQueue {
  #tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly apply: (signal: LocalSignal) => Promise<void>,
    private readonly log: Logger,
  ) {}

  push(signals: readonly LocalSignal[]): void {
    this.#tail = this.#tail.then(async () => {
      for (const signal of signals) {
        try {
          await this.apply(signal);
        } catch (error) {
          this.log.warn('remote signal not applied', { error: String(error) });
        }
      }
    });
  }
}
