/**
 * Extension updates never cut a call. Chrome applies an update at once unless the extension
 * listens to `runtime.onUpdateAvailable`; then the new version waits until we call
 * `runtime.reload()` (or the browser restarts). We reload as soon as no call is ringing, being set
 * up or active, after the overlay has had `lifetimes.updateReloadSettleMs` to leave the page.
 *
 *   none --update available--> waiting --phase idle, settled--> reloading
 *                               ^   |
 *                               +---+ a call rings or starts: keep waiting
 *
 * The pending version is kept in chrome.storage.session, so a worker Chrome restarted mid-call
 * still reloads after the call; a reload clears session storage, so nothing of it survives.
 */
import * as z from 'zod/mini';
import type { CallPhase } from '../../lib/call-state';
import { lifetimes } from '../../lib/lifetimes';
import type { Logger } from '../../lib/log';

export type UpdateState = 'none' | 'waiting' | 'reloading';

const pendingKey = 'ringside-update';
const PendingUpdateSchema = z.object({ version: z.string().check(z.maxLength(64)), since: z.number() });
type PendingUpdate = z.infer<typeof PendingUpdateSchema>;

/** What the deferral needs from Chrome and the call core (fakes in the unit test). */
export interface UpdateDeferralDeps {
  /** The call core's current phase, once its persisted state is loaded. */
  phase: () => CallPhase;
  ready: Promise<void>;
  reload: () => void;
  load: () => Promise<unknown>;
  save: (pending: PendingUpdate) => Promise<void>;
  log: Logger;
  settleMs?: number;
}

/** Only `idle` is free: `ended` still shows its reason in the overlay, which a reload would cut. */
export function phaseAllowsReload(phase: CallPhase): boolean {
  return phase === 'idle';
}

export class UpdateDeferral {
  state: UpdateState = 'none';
  #pending: PendingUpdate | null = null;
  #settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: UpdateDeferralDeps,
    signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => clearTimeout(this.#settleTimer), { once: true });
    // A worker restarted while an update waited: pick it up again.
    void deps.ready
      .then(() => deps.load())
      .then((stored) => {
        const parsed = PendingUpdateSchema.safeParse(stored);
        if (parsed.success && this.state === 'none') this.#wait(parsed.data, false);
      })
      .catch((error: unknown) => deps.log.warn('pending update not read', { error: String(error) }));
  }

  /** `runtime.onUpdateAvailable` fired: reload now if idle, else after the call. */
  onUpdateAvailable(version: string): void {
    if (this.state === 'reloading') return;
    this.#wait({ version, since: Date.now() }, true);
  }

  /** Every call snapshot: a call that leaves for idle lets a waiting update in. */
  onCallPhase(phase: CallPhase): void {
    if (this.state !== 'waiting') return;
    if (phaseAllowsReload(phase)) this.#armReload();
    else clearTimeout(this.#settleTimer);
  }

  #wait(pending: PendingUpdate, store: boolean): void {
    this.#pending = pending;
    this.state = 'waiting';
    if (store)
      void this.deps
        .save(pending)
        .catch((error: unknown) => this.deps.log.warn('pending update not saved', { error: String(error) }));
    void this.deps.ready.then(() => {
      const phase = this.deps.phase();
      this.deps.log.info('extension update available', { version: pending.version, phase });
      if (phaseAllowsReload(phase)) this.#armReload();
      else this.deps.log.info('update deferred until the call ends', { version: pending.version, phase });
    });
  }

  #armReload(): void {
    clearTimeout(this.#settleTimer);
    this.#settleTimer = setTimeout(() => {
      // Checked again at the last moment: a call may have started ringing meanwhile.
      const phase = this.deps.phase();
      if (this.state !== 'waiting' || !phaseAllowsReload(phase)) return;
      this.state = 'reloading';
      this.deps.log.info('reloading for the update', { version: this.#pending?.version });
      this.deps.reload();
    }, this.deps.settleMs ?? lifetimes.updateReloadSettleMs);
  }
}

/** The real deferral: Chrome's update event, `runtime.reload()` and session storage. */
export function deferUpdates(
  deps: Pick<UpdateDeferralDeps, 'phase' | 'ready' | 'log'>,
  signal: AbortSignal,
): UpdateDeferral {
  const deferral = new UpdateDeferral(
    {
      ...deps,
      reload: () => chrome.runtime.reload(),
      load: async () => (await chrome.storage.session.get(pendingKey))[pendingKey],
      save: (pending) => chrome.storage.session.set({ [pendingKey]: pending }),
    },
    signal,
  );
  // Registered synchronously: the event may be what wakes a stopped worker.
  const onUpdate = (details: chrome.runtime.UpdateAvailableDetails) =>
    deferral.onUpdateAvailable(details.version);
  // After `runtime.reload()` nothing else starts an MV3 worker (no alarm, no socket, no page):
  // `onInstalled` (reason `update`) is the event that wakes it, and starting is all it must do,
  // since start-up signs back in and reconnects.
  const onInstalled = (details: chrome.runtime.InstalledDetails) =>
    deps.log.info('extension installed or updated', {
      reason: details.reason,
      version: chrome.runtime.getManifest().version,
    });
  chrome.runtime.onUpdateAvailable.addListener(onUpdate);
  chrome.runtime.onInstalled.addListener(onInstalled);
  signal.addEventListener(
    'abort',
    () => {
      chrome.runtime.onUpdateAvailable.removeListener(onUpdate);
      chrome.runtime.onInstalled.removeListener(onInstalled);
    },
    { once: true },
  );
  return deferral;
}
