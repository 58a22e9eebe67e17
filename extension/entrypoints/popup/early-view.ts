/**
 * The popup's first script (index.html loads it before main.ts): it asks for the last view while
 * the app's modules are still being fetched and evaluated, so the answer is there when they need it.
 */
import { readStoredView } from '../../lib/popup-view-key';

export const storedViewRead: Promise<unknown> = readStoredView();
// A failed read is handled where it is awaited (readPopupView shows no last view).
storedViewRead.catch(() => undefined);
