import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TrustedFrames } from './trusted-frames';

const origin = 'chrome-extension://ringside-id/';
let session: Record<string, unknown>;

beforeEach(() => {
  session = {};
  vi.stubGlobal('chrome', {
    runtime: { getURL: (path: string) => origin + path.replace(/^\//, '') },
    storage: {
      session: {
        get: async (key: string) => ({ [key]: session[key] }),
        set: async (items: Record<string, unknown>) => void Object.assign(session, items),
      },
    },
  });
});

const sender = (tabId: number | undefined, frameId: number | undefined, url: string) =>
  ({ tab: tabId === undefined ? undefined : { id: tabId }, frameId, url }) as chrome.runtime.MessageSender;

describe('TrustedFrames', () => {
  it('trusts the toolbar popup and extension pages no web page can open', () => {
    const frames = new TrustedFrames();
    expect(frames.isTrustedSender(sender(undefined, undefined, `${origin}popup.html`))).toBe(true);
    expect(frames.isTrustedSender(sender(4, 0, `${origin}popup.html`))).toBe(true);
    expect(frames.isTrustedSender(sender(4, 0, `${origin}permission.html`))).toBe(true);
  });

  it('never trusts a content script, even in a top-level page', () => {
    const frames = new TrustedFrames();
    expect(frames.isTrustedSender(sender(4, 0, 'https://news.example/'))).toBe(false);
    expect(frames.isTrustedSender(sender(undefined, undefined, 'https://news.example/'))).toBe(false);
  });

  it('does not trust a top-level copy of overlay.html a page opened', async () => {
    const frames = new TrustedFrames();
    await frames.issueCallWindowKey();
    const copy = sender(9, 0, `${origin}overlay.html?window=1#key=guess`);
    expect(frames.isTrustedSender(copy)).toBe(false);
    expect(await frames.claim(copy, 'guess')).toBe(false);
    expect(frames.isTrustedSender(copy)).toBe(false);
  });

  it('trusts the call window that proves its key, also after a worker restart', async () => {
    const key = await new TrustedFrames().issueCallWindowKey();
    const restarted = new TrustedFrames();
    const window = sender(9, 0, `${origin}overlay.html?window=1#key=${key}`);
    expect(restarted.isTrustedSender(window)).toBe(false);
    expect(await restarted.claim(window, key)).toBe(true);
    expect(restarted.isTrustedSender(window)).toBe(true);
  });

  it('trusts an injected frame only with its tab key, and forgets it with the tab', async () => {
    const frames = new TrustedFrames();
    const key = frames.issueKey(4);
    const frame = sender(4, 7, `${origin}overlay.html`);
    expect(await frames.claim(sender(4, 8, `${origin}overlay.html`), 'other')).toBe(false);
    expect(await frames.claim(sender(5, 7, `${origin}overlay.html`), key)).toBe(false);
    expect(await frames.claim(frame, key)).toBe(true);
    expect(frames.isTrustedSender(frame)).toBe(true);
    frames.forgetTab(4);
    expect(frames.isTrustedSender(frame)).toBe(false);
  });

  it('a new injection key revokes the frames of the old one', async () => {
    const frames = new TrustedFrames();
    const first = frames.issueKey(4);
    frames.issueKey(4);
    expect(await frames.claim(sender(4, 7, `${origin}overlay.html`), first)).toBe(false);
  });
});
