/**
 * The browser's capture services kept running while a call rings, with no device opened (issue 12).
 * Chromium stops its video capture service ~5 s after its last use, and the first getUserMedia
 * after that waits for it to start again: 60-80 ms on a quiet machine, 200-460 ms while a call
 * sets up on a loaded one, and the peer waits that long for our first frame (docs/benchmarks.md).
 * Listing the devices starts the service without opening a camera or a microphone: no light comes
 * on, nothing is captured, nothing leaves the device. Not at once: starting the service competes with
 * the ringing overlay's boot for the same cores (the ring showed 33-48 ms later in bench:setup).
 */
import { lifetimes } from '../../lib/lifetimes';

export class CaptureWarmth {
  #delay: ReturnType<typeof setTimeout> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #until = 0;

  /** Touch the services after `delayMs`, then every `captureWarmthEveryMs`, until `stop()` (or the cap). */
  start(delayMs: number): void {
    this.stop();
    this.#until = Date.now() + lifetimes.captureWarmthMaxMs;
    const touch = () => {
      if (Date.now() > this.#until) this.stop();
      else void navigator.mediaDevices.enumerateDevices().catch(() => undefined);
    };
    this.#delay = setTimeout(() => {
      this.#delay = undefined;
      touch();
      this.#timer = setInterval(touch, lifetimes.captureWarmthEveryMs);
    }, delayMs);
  }

  stop(): void {
    clearTimeout(this.#delay);
    clearInterval(this.#timer);
    this.#delay = this.#timer = undefined;
  }

  get running(): boolean {
    return this.#delay !== undefined || this.#timer !== undefined;
  }
}
