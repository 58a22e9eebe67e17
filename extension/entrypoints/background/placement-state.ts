/**
 * Where the call UI was left, kept in chrome.storage.session (trusted contexts only) so a restarted
 * worker carries on from it: popped out (issue 14) and the id of the call window it opened. Without
 * this, a worker restart during a pop-out put the overlay back into the tab beside the still-open
 * pop-out window, and "Back to tab" could no longer close that window.
 */
import * as z from 'zod/mini';

const storageKey = 'ringside-placement';

const PlacementStateSchema = z.object({
  poppedOut: z.boolean(),
  /** The call window (plain or pop-out) this worker opened, while it is open. */
  windowId: z.nullable(z.number().check(z.int())),
  windowIsPopOut: z.boolean(),
});
export type PlacementState = z.infer<typeof PlacementStateSchema>;

export const noPlacement: PlacementState = { poppedOut: false, windowId: null, windowIsPopOut: false };

/** The stored state, or none when nothing (or something malformed) is stored, or its window is gone. */
export async function loadPlacementState(): Promise<PlacementState> {
  const stored: unknown = (await chrome.storage.session.get(storageKey))[storageKey];
  const parsed = PlacementStateSchema.safeParse(stored);
  if (!parsed.success) return noPlacement;
  const { windowId } = parsed.data;
  if (windowId === null) return parsed.data;
  const open = await chrome.windows.get(windowId).then(Boolean, () => false);
  return open ? parsed.data : { ...noPlacement };
}

/** Stores the state; none to keep (not popped out, no window) leaves nothing behind. */
export async function savePlacementState(state: PlacementState): Promise<void> {
  if (!state.poppedOut && state.windowId === null) await chrome.storage.session.remove(storageKey);
  else await chrome.storage.session.set({ [storageKey]: state });
}
