/** Where the worker keeps the popup's last view in chrome.storage.session (lib/popup-view.ts). */
export const popupViewKey = 'ringside-popup-view';
