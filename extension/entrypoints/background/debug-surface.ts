/** e2e build only: what the fixtures read from the worker, without patching any Chrome API. */
import type { CallSnapshot } from '../../lib/call-state';
import { sendOn } from '../../lib/messages/channel';
import { debugGlobalName, debugToOffscreen } from '../../lib/messages/debug';
import type { RingsideDebug } from '../../lib/messages/debug';
import { offscreenExists } from './offscreen-document';

/** Set `globalThis.ringsideDebug`; `ready` resolves once the persisted state is loaded. */
export function exposeDebugSurface(calls: { readonly call: CallSnapshot }, ready: Promise<void>): void {
  const surface: RingsideDebug = {
    callState: async () => {
      await ready;
      return calls.call;
    },
    stats: async () => {
      await ready;
      if (!(await offscreenExists())) return null;
      const answer = await sendOn(debugToOffscreen(), { type: 'debug:get-stats' });
      return answer.ok ? answer.stats : null;
    },
    shareStats: async () => {
      await ready;
      if (!(await offscreenExists())) return null;
      const answer = await sendOn(debugToOffscreen(), { type: 'debug:get-share-stats' });
      return answer.ok ? answer.stats : null;
    },
    relays: async () => {
      await ready;
      if (!(await offscreenExists())) return null;
      const answer = await sendOn(debugToOffscreen(), { type: 'debug:get-relays' });
      return answer.ok ? answer.relays : null;
    },
    capture: async () => {
      await ready;
      if (!(await offscreenExists())) return [];
      const answer = await sendOn(debugToOffscreen(), { type: 'debug:get-capture' });
      if (!answer.ok) throw new Error(`capture state unreadable: ${answer.error}`);
      return answer.live;
    },
  };
  Object.assign(globalThis, { [debugGlobalName]: surface });
}
