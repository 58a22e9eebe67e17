/**
 * The anti-clickjacking gate of the in-page call frame. The page hosting the overlay controls the
 * host element's styles and position, so it can make the frame near-transparent, filter, clip or
 * scale it away, cover it, or move it under the cursor just before a click. A click on a control
 * (Accept above all) counts only when what the user saw was really our frame:
 * - the browser reports the frame visible (IntersectionObserver v2: opacity 1, no filter, no
 *   shrinking transform, not clipped, nothing drawn over it), continuously for `visibleForMs`;
 * - for a pointer click, the pointer has rested in the frame, with the frame at the same place on
 *   screen, for `pointerRestMs` (a frame moved or shown under a resting cursor starts the wait again);
 * - for a keyboard click, the frame has had focus for `focusedForMs`.
 * The state here is fed by trusted browser signals (observer entries and trusted events in our own
 * frame). The one message it hears, "re-shown" from our content script, can only make it stricter:
 * the observer samples at most every 100 ms and can miss a page's top-layer element that flashed
 * over the frame before the content script raised ours again, so the raise itself restarts the clocks.
 */

/** How long each condition must hold before a control acts, with why. */
export const gateTimings = {
  /** Chrome's own permission prompts ignore input for about this long after they appear. */
  visibleForMs: 500,
  /** Longer than a page needs to move the frame under a cursor, shorter than a deliberate aim. */
  pointerRestMs: 350,
  /** A page can move focus into our frame; a key press right after that was meant for the page. */
  focusedForMs: 500,
} as const;

export type GateRefusal = 'not-visible' | 'too-soon' | 'pointer-moved' | 'not-focused' | 'untrusted';

export type ControlInput =
  | { kind: 'pointer'; trusted: boolean; originX: number; originY: number; at: number }
  | { kind: 'keyboard'; trusted: boolean; at: number };

export type GateVerdict = { ok: true } | { ok: false; reason: GateRefusal };

export class VisibilityGate {
  #visibleSince: number | null = null;
  #pointer: { originX: number; originY: number; since: number } | null = null;
  #focusedSince: number | null = null;

  constructor(private readonly timings: typeof gateTimings = gateTimings) {}

  /** An IntersectionObserver v2 verdict: `isVisible` false (or unknown) resets the clock. */
  visibility(isVisible: boolean, at: number): void {
    if (!isVisible) this.#visibleSince = null;
    else this.#visibleSince ??= at;
  }

  /** A trusted pointer event inside the frame; `origin` is the frame's screen position. */
  pointerAt(originX: number, originY: number, at: number): void {
    if (this.#pointer && samePlace(this.#pointer, { originX, originY })) return;
    this.#pointer = { originX, originY, since: at };
  }

  /**
   * Our content script just re-raised or re-attached the host (the page opened its own top-layer
   * element, restyled or moved the host): whatever the observer saw, the frame counts as shown now.
   */
  reshown(at: number): void {
    if (this.#visibleSince !== null) this.#visibleSince = Math.max(this.#visibleSince, at);
    if (this.#pointer) this.#pointer = { ...this.#pointer, since: Math.max(this.#pointer.since, at) };
  }

  pointerLeft(): void {
    this.#pointer = null;
  }

  focus(focused: boolean, at: number): void {
    if (!focused) this.#focusedSince = null;
    else this.#focusedSince ??= at;
  }

  /** Whether a click (by pointer or by key) on a control may act now. */
  check(input: ControlInput): GateVerdict {
    if (!input.trusted) return { ok: false, reason: 'untrusted' };
    if (this.#visibleSince === null) return { ok: false, reason: 'not-visible' };
    if (input.at - this.#visibleSince < this.timings.visibleForMs) return { ok: false, reason: 'too-soon' };
    if (input.kind === 'keyboard') {
      if (this.#focusedSince === null || input.at - this.#focusedSince < this.timings.focusedForMs)
        return { ok: false, reason: 'not-focused' };
      return { ok: true };
    }
    const rest = this.#pointer;
    if (!rest || !samePlace(rest, input)) return { ok: false, reason: 'pointer-moved' };
    if (input.at - rest.since < this.timings.pointerRestMs) return { ok: false, reason: 'too-soon' };
    return { ok: true };
  }
}

/** Screen coordinates are fractional; a frame that did not move reads the same within a pixel. */
function samePlace(a: { originX: number; originY: number }, b: { originX: number; originY: number }) {
  return Math.abs(a.originX - b.originX) <= 1 && Math.abs(a.originY - b.originY) <= 1;
}
