import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPlacementState, noPlacement, savePlacementState } from './placement-state';

/** chrome.storage.session and chrome.windows.get over a plain object and a set of open window ids. */
function fakeChrome(stored: Record<string, unknown>, openWindows: number[]) {
  vi.stubGlobal('chrome', {
    storage: {
      session: {
        get: async (key: string) => (key in stored ? { [key]: stored[key] } : {}),
        set: async (items: Record<string, unknown>) => Object.assign(stored, items),
        remove: async (key: string) => void delete stored[key],
      },
    },
    windows: {
      get: async (id: number) => {
        if (!openWindows.includes(id)) throw new Error(`No window with id: ${id}`);
        return { id };
      },
    },
  });
  return stored;
}

afterEach(() => vi.unstubAllGlobals());

describe('the stored placement of the call UI', () => {
  it('comes back as saved while its call window is open', async () => {
    fakeChrome({}, [7]);
    await savePlacementState({ poppedOut: true, windowId: 7, windowIsPopOut: true });
    expect(await loadPlacementState()).toEqual({ poppedOut: true, windowId: 7, windowIsPopOut: true });
  });

  it('is none once its call window is gone (the user closed it meanwhile)', async () => {
    fakeChrome({}, []);
    await savePlacementState({ poppedOut: true, windowId: 7, windowIsPopOut: true });
    expect(await loadPlacementState()).toEqual(noPlacement);
  });

  it('is none when what is stored is malformed', async () => {
    fakeChrome({ 'ringside-placement': { poppedOut: 'yes', windowId: 7 } }, [7]);
    expect(await loadPlacementState()).toEqual(noPlacement);
  });

  it('leaves nothing behind when there is nothing to keep', async () => {
    const stored = fakeChrome({}, [7]);
    await savePlacementState({ poppedOut: true, windowId: 7, windowIsPopOut: true });
    await savePlacementState(noPlacement);
    expect(stored).toEqual({});
  });
});
