import { isLiveToken } from './fixtures/api.js';
import { expect, test } from './fixtures/index.js';

// Issue 11: the session token is in chrome.storage.local, which content scripts could read by default.
test('12. neither a content script in the tab nor the page itself can read the session token', async ({
  server,
  aliceAndBob: { bob },
}) => {
  // Control: the worker (a trusted context) holds a token that the server accepts.
  const stored = await bob.profile.storedSecrets();
  const live = (
    await Promise.all(stored.map(async (value) => ((await isLiveToken(server.url, value)) ? value : null)))
  ).filter((value): value is string => value !== null);
  expect(live, 'the worker can read the live session token').toHaveLength(1);
  const token = live[0]!;

  const worker = await bob.profile.worker();
  const seen = await worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    const read = async () => {
      try {
        return JSON.stringify(await chrome.storage.local.get(null));
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    };
    const inWorld = async (world: 'ISOLATED' | 'MAIN') => {
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab!.id! },
        world,
        func: async () => {
          const storage = (globalThis as { chrome?: typeof chrome }).chrome?.storage?.local;
          if (!storage) return 'no chrome.storage';
          try {
            return JSON.stringify(await storage.get(null));
          } catch (error) {
            return `refused: ${String(error)}`;
          }
        },
      });
      return String(result?.result);
    };
    return { worker: await read(), contentScript: await inWorld('ISOLATED'), page: await inWorld('MAIN') };
  }, bob.page.url());
  test.info().annotations.push({ type: 'what each context read', description: JSON.stringify(seen) });
  expect(seen.worker, 'control: the worker reads it').toContain(token);
  expect(seen.contentScript, 'a content script (isolated world) must not read it').not.toContain(token);
  expect(seen.page, "the page's world must not read it").not.toContain(token);
});
