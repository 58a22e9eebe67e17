import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactsResponse } from '../../../protocol';
import { idleSnapshot } from '../../lib/call-state';
import type { AppState } from '../../lib/messages';
import { readPopupView } from '../../lib/popup-view';
import type { Logger } from '../../lib/log';
import { PopupViewCache } from './popup-view-cache';

let session: Record<string, unknown>;
beforeEach(() => {
  session = {};
  vi.stubGlobal('chrome', {
    storage: {
      session: {
        get: async (key: string) => ({ [key]: session[key] }),
        set: async (items: Record<string, unknown>) => void Object.assign(session, items),
      },
    },
  });
});

const alice = { id: 'u-alice', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u-bob', username: 'bob', displayName: 'Bob' };
const appOf = (user: AppState['user']): AppState => ({
  user,
  serverUrl: 'http://127.0.0.1:1',
  connection: user ? 'online' : 'signed-out',
  call: { ...idleSnapshot },
  dnd: false,
  missedCalls: 0,
  permission: 'granted',
  devices: { microphoneId: '', cameraId: '', speakerId: '' },
  signedOutReason: null,
  audioProcessing: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
});
const contacts: ContactsResponse = { contacts: [{ ...bob, presence: 'online' }], incoming: [], outgoing: [] };
const log = { warn: vi.fn(), info: vi.fn(), error: vi.fn(), debug: vi.fn() } as unknown as Logger;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PopupViewCache', () => {
  it('stores nothing before the account is resumed, then the app and its contacts', async () => {
    let app = appOf(null);
    const cache = new PopupViewCache(() => app, log);
    cache.appChanged();
    cache.contactsListed(contacts);
    await settle();
    expect(await readPopupView()).toBeNull();
    app = appOf(alice);
    cache.start();
    cache.contactsListed(contacts);
    await settle();
    expect(await readPopupView()).toEqual({ app, contacts: { userId: alice.id, list: contacts } });
  });

  it('follows app changes and drops the contacts when their user signs out', async () => {
    let app = appOf(alice);
    const cache = new PopupViewCache(() => app, log);
    cache.start();
    cache.contactsListed(contacts);
    app = { ...appOf(alice), dnd: true };
    cache.appChanged();
    await settle();
    expect((await readPopupView())?.app.dnd).toBe(true);
    app = appOf(null);
    cache.appChanged();
    await settle();
    expect(await readPopupView()).toEqual({ app, contacts: null });
  });

  it("is not read back when invalid, or when its contacts are another user's", async () => {
    session['ringside-popup-view'] = { app: { user: alice }, contacts: null };
    expect(await readPopupView()).toBeNull();
    session['ringside-popup-view'] = { app: appOf(bob), contacts: { userId: alice.id, list: contacts } };
    expect(await readPopupView()).toEqual({ app: appOf(bob), contacts: null });
  });

  it('takes a read already under way (the popup starts it early), and a failed read as none', async () => {
    const view = { app: appOf(alice), contacts: { userId: alice.id, list: contacts } };
    expect(await readPopupView(Promise.resolve(view))).toEqual(view);
    expect(await readPopupView(Promise.resolve({ app: 'garbage' }))).toBeNull();
    expect(await readPopupView(Promise.reject(new Error('storage unavailable')))).toBeNull();
  });
});
