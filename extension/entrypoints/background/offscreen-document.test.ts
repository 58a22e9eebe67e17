import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A fake browser: one offscreen document that answers after `delay`, and counts getContexts. */
function fakeChrome() {
  const state = {
    open: false,
    getContexts: 0,
    created: 0,
    received: [] as { type: string; signals?: unknown[] }[],
    delay: 0,
  };
  vi.stubGlobal('chrome', {
    runtime: {
      ContextType: { OFFSCREEN_DOCUMENT: 'OFFSCREEN_DOCUMENT' },
      getURL: (path: string) => `chrome-extension://id/${path}`,
      getContexts: async () => {
        state.getContexts += 1;
        return state.open ? [{}] : [];
      },
      sendMessage: async (message: { type: string; signals?: unknown[] }) => {
        if (!state.open) throw new Error('Could not establish connection. Receiving end does not exist.');
        state.received.push(message);
        await new Promise((resolve) => setTimeout(resolve, state.delay));
        return { ok: true };
      },
    },
    offscreen: {
      Reason: { USER_MEDIA: 'U', WEB_RTC: 'W', AUDIO_PLAYBACK: 'A', DISPLAY_MEDIA: 'D' },
      createDocument: async () => {
        state.created += 1;
        state.open = true;
      },
      closeDocument: async () => {
        state.open = false;
      },
    },
  });
  return state;
}

// The module remembers the document between calls: a fresh copy for every test.
async function load() {
  vi.resetModules();
  return import('./offscreen-document');
}

const candidate = (n: number) => ({ candidate: { candidate: `candidate:${n}`, sdpMid: '0' } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('offscreen document', () => {
  let browser: ReturnType<typeof fakeChrome>;
  beforeEach(() => {
    browser = fakeChrome();
  });

  it('looks the document up once, not before every message', async () => {
    const offscreen = await load();
    await offscreen.tellOffscreen({ type: 'offscreen:ringtone', playing: true });
    await offscreen.askOffscreen({ type: 'offscreen:ringtone', playing: false });
    await offscreen.askOffscreen({ type: 'offscreen:stop' });
    expect(browser.created).toBe(1);
    expect(browser.getContexts).toBe(1);
    expect(browser.received.map((m) => m.type)).toEqual([
      'offscreen:ringtone',
      'offscreen:ringtone',
      'offscreen:stop',
    ]);
  });

  it('asks nothing of a closed document, and makes it again when told', async () => {
    const offscreen = await load();
    await offscreen.tellOffscreen({ type: 'offscreen:stop' });
    await offscreen.closeOffscreenDocument();
    expect(await offscreen.askOffscreen({ type: 'offscreen:stop' })).toBeNull();
    await offscreen.tellOffscreen({ type: 'offscreen:stop' });
    expect(browser.created).toBe(2);
    expect(browser.received).toHaveLength(2);
  });

  it('a document that went away on its own is made again, and the message still arrives', async () => {
    const offscreen = await load();
    await offscreen.tellOffscreen({ type: 'offscreen:stop' });
    browser.open = false; // closed by the browser, not by us
    const answer = await offscreen.tellOffscreen({ type: 'offscreen:ringtone', playing: true });
    expect(answer).toEqual({ ok: true });
    expect(browser.created).toBe(2);
    expect(browser.received.map((m) => m.type)).toEqual(['offscreen:stop', 'offscreen:ringtone']);
  });

  it('sends remote signals in order, those that came meanwhile together in the next message', async () => {
    const offscreen = await load();
    await offscreen.tellOffscreen({ type: 'offscreen:stop' });
    browser.received.length = 0;
    browser.delay = 10;
    for (let n = 1; n <= 5; n += 1) offscreen.sendRemoteSignal(candidate(n));
    await settle();
    expect(browser.received.map((m) => m.signals)).toEqual([
      [candidate(1)],
      [candidate(2), candidate(3), candidate(4), candidate(5)],
    ]);
    offscreen.sendRemoteSignal(candidate(6));
    await settle();
    expect(browser.received.at(-1)?.signals).toEqual([candidate(6)]);
  });

  it('never sends more than the channel accepts in one message', async () => {
    const offscreen = await load();
    const { maxRemoteSignalsPerMessage } = await import('../../lib/messages');
    await offscreen.tellOffscreen({ type: 'offscreen:stop' });
    browser.received.length = 0;
    browser.delay = 5;
    const count = maxRemoteSignalsPerMessage * 2 + 2;
    for (let n = 0; n < count; n += 1) offscreen.sendRemoteSignal(candidate(n));
    await settle();
    const sizes = browser.received.map((m) => m.signals?.length ?? 0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxRemoteSignalsPerMessage);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
    const order = browser.received.flatMap((m) => m.signals ?? []);
    expect(order).toEqual(Array.from({ length: count }, (_, n) => candidate(n)));
  });

  it('drops signals while there is no document (no call to apply them to)', async () => {
    const offscreen = await load();
    offscreen.sendRemoteSignal(candidate(1));
    await settle();
    expect(browser.received).toEqual([]);
    expect(browser.created).toBe(0);
  });
});
