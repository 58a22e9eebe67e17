import type { CDPSession, Page } from '@playwright/test';
import type { Profile } from '../fixtures/profile.js';

/**
 * Evaluates a function on every object of one class in the offscreen document (not a Playwright page):
 * a page's CDP session attaches to the document's target (non-flattened, messages wrapped in
 * Target.sendMessageToTarget) and uses Runtime.queryObjects. Test-only reach into the call's media.
 */
export async function onOffscreenObjects(
  profile: Profile,
  page: Page,
  className: string,
  functionDeclaration: string,
): Promise<unknown> {
  const cdp: CDPSession = await profile.context.newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const target = targetInfos.find((info) => info.url === profile.extensionUrl('offscreen.html'));
    if (!target) throw new Error('no offscreen document');
    const { sessionId } = (await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    })) as { sessionId: string };
    let nextId = 0;
    const pending = new Map<number, (reply: { result?: unknown; error?: unknown }) => void>();
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
      if (reply.id !== undefined) pending.get(reply.id)?.(reply);
    });
    const send = async <T>(method: string, params: object): Promise<T> => {
      const id = ++nextId;
      const reply = new Promise<{ result?: unknown; error?: unknown }>((resolve) => pending.set(id, resolve));
      await cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
      const { result, error } = await reply;
      if (error) throw new Error(`${method}: ${JSON.stringify(error)}`);
      return result as T;
    };
    const prototype = await send<{ result: { objectId: string } }>('Runtime.evaluate', {
      expression: `${className}.prototype`,
    });
    const objects = await send<{ objects: { objectId: string } }>('Runtime.queryObjects', {
      prototypeObjectId: prototype.result.objectId,
    });
    const outcome = await send<{ result: { value?: unknown } }>('Runtime.callFunctionOn', {
      objectId: objects.objects.objectId,
      functionDeclaration,
      returnByValue: true,
      awaitPromise: true,
    });
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    return outcome.result.value;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
