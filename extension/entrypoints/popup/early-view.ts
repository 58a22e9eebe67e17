/**
 * The popup's first script (index.html loads it before main.ts): it asks for the last view while
 * the app's modules are still being fetched and evaluated, so the answer is there when they need it.
 */
import { popupViewKey } from '../../lib/popup-view-key';

export const storedViewRead: Promise<unknown> = chrome.storage.session
  .get(popupViewKey)
  .then((items) => items[popupViewKey] as unknown);
// A failed read is handled where it is awaited (readPopupView shows no last view).
storedViewRead.catch(() => undefined);
