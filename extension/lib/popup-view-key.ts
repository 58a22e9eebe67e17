/** Where the worker keeps the popup's last view in chrome.storage.session (lib/popup-view.ts). */
export const popupViewKey = 'ringside-popup-view';

/** The stored last view, unvalidated (lib/popup-view.ts validates it); a tiny module the popup loads first. */
export async function readStoredView(): Promise<unknown> {
  return (await chrome.storage.session.get(popupViewKey))[popupViewKey];
}
