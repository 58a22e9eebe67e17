/**
 * The messages the overlay host content script exchanges with the worker and with its own frame.
 * Written with zod's tree-shakable mini build (issue 12): the content script is injected into the
 * page on every call, and these few shapes cost it ~6 KB gzipped instead of all of zod (~90 KB).
 * `lib/ports.ts` re-exports them for the other contexts.
 */
import * as z from 'zod/mini';

export const hostPortNames = {
  /** overlay host content script -> worker: the page would not let the overlay stay. */
  overlayHost: 'overlay-host',
} as const;

/** overlay host content script -> worker (its tab's port): the page keeps removing or covering it. */
export const OverlayHostMessageSchema = z.object({ kind: z.literal('evicted') });
export type OverlayHostMessage = z.infer<typeof OverlayHostMessageSchema>;

/**
 * worker -> content script (chrome.tabs.sendMessage) -> its own iframe (postMessage to the
 * extension origin only): a fresh key per injection. A page that embeds overlay.html itself never
 * receives one, so its copy shows nothing and can accept nothing.
 */
export const FrameKeySchema = z.object({
  ringsideFrameKey: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type FrameKey = z.infer<typeof FrameKeySchema>;

/** worker -> content script: the call no longer needs this tab; remove the overlay (and stop keeping it). */
export const OverlayRemoveSchema = z.object({ ringsideRemove: z.literal(true) });
export type OverlayRemove = z.infer<typeof OverlayRemoveSchema>;

const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));

/** Layout requests from the overlay frame to its host content script (window.postMessage). */
export const OverlayLayoutSchema = z.union([
  z.object({ ringside: z.literal('size'), width: between(40, 1200), height: between(40, 1200) }),
  z.object({ ringside: z.literal('move'), dx: between(-4000, 4000), dy: between(-4000, 4000) }),
]);
export type OverlayLayout = z.infer<typeof OverlayLayoutSchema>;

/**
 * Content script -> its own frame: the host was just re-raised or re-attached, so the frame's
 * visibility gate restarts its clocks. Carries the frame's key: a page cannot make a frame it did
 * not get the key of refuse clicks (and a forged message could only make the gate stricter anyway).
 */
export const FrameReshownSchema = z.object({ ringsideReshown: FrameKeySchema.shape.ringsideFrameKey });
export type FrameReshown = z.infer<typeof FrameReshownSchema>;

/** Content script -> its own frame: the size it just applied (the frame enables its buttons once sized). */
export const FrameSizedSchema = z.object({
  ringsideSized: z.object({ width: z.number(), height: z.number() }),
});
export type FrameSized = z.infer<typeof FrameSizedSchema>;
