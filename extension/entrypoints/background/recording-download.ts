/**
 * Saving a finished recording (issue 15). The offscreen document cannot use chrome.downloads, so it
 * hands the worker a blob URL of its own (valid while that document lives, which it does while the
 * user is signed in); the worker downloads it into the downloads folder, then lets the document
 * release the blob. Nothing goes to the server.
 */
import { createLogger } from '../../lib/log';
import { askOffscreen } from './offscreen-document';

const log = createLogger('worker');
/** A download still running after this long is left to the browser; the blob is released then. */
const downloadWaitMs = 10 * 60_000;

/** Download `url` as `fileName`; true once the browser holds the file (complete). */
export async function saveRecording(url: string, fileName: string): Promise<boolean> {
  // Only a blob of this extension: nothing from a page or another extension is saved under our name.
  if (!url.startsWith(`blob:chrome-extension://${chrome.runtime.id}/`)) {
    log.warn('recording URL refused (not this extension)');
    return false;
  }
  try {
    const id = await chrome.downloads.download({
      url,
      filename: fileName,
      conflictAction: 'uniquify',
      saveAs: false,
    });
    const state = await downloadEnded(id);
    log.info('recording saved', { state });
    return state === 'complete';
  } catch (error) {
    log.warn('recording download failed', { error: String(error) });
    return false;
  } finally {
    void askOffscreen({ type: 'offscreen:release-recording', url });
  }
}

/** Resolves with the download's final state (`complete` or `interrupted`), or `timeout`. */
function downloadEnded(id: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (state: string) => {
      clearTimeout(timer);
      chrome.downloads.onChanged.removeListener(listener);
      resolve(state);
    };
    const listener = (delta: chrome.downloads.DownloadDelta) => {
      const state = delta.state?.current;
      if (delta.id === id && (state === 'complete' || state === 'interrupted')) done(state);
    };
    const timer = setTimeout(() => done('timeout'), downloadWaitMs);
    chrome.downloads.onChanged.addListener(listener);
    // It may have finished before the listener was added.
    void chrome.downloads.search({ id }).then(([item]) => {
      if (item && (item.state === 'complete' || item.state === 'interrupted')) done(item.state);
    });
  });
}
