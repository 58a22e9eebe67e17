/**
 * Wires the visibility gate to the in-page call frame: the browser's visibility verdicts and the
 * user's trusted input feed it, and a capturing click listener drops every click on a control that
 * the gate refuses, before any control's own handler runs. Not used in the extension's own call
 * window, where no page can style or cover the frame.
 */
import { FrameReshownSchema } from '../../lib/host-messages';
import { VisibilityGate } from './visibility-gate';
import type { ControlInput, GateRefusal } from './visibility-gate';

const controlSelector = 'button, [role="button"], input, select, a[href]';

/** Observer options that are in Chromium (74+) but not yet in TypeScript's DOM types. */
interface VisibilityObserverInit extends IntersectionObserverInit {
  trackVisibility: boolean;
  delay: number;
}

/**
 * Starts guarding; `onRefused` hears each refused click (to tell the user why nothing happened);
 * `holdsKey` says whether a key is this frame's own (a "re-shown" notice must carry it).
 */
export function guardControls(
  signal: AbortSignal,
  onRefused: (reason: GateRefusal) => void,
  holdsKey: (key: string) => boolean,
): void {
  const gate = new VisibilityGate();
  const visibilityTracking: VisibilityObserverInit = {
    threshold: [0, 0.99, 1],
    trackVisibility: true,
    delay: 100,
  };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      // `isVisible` is absent where visibility tracking is unsupported: then nothing is visible.
      const visible = (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true;
      gate.visibility(visible && entry.intersectionRatio >= 0.99, performance.now());
    }
  }, visibilityTracking);
  observer.observe(document.documentElement);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  const options = { capture: true, signal };
  window.addEventListener(
    'message',
    (event) => {
      if (event.source !== window.parent) return;
      const parsed = FrameReshownSchema.safeParse(event.data);
      if (parsed.success && holdsKey(parsed.data.ringsideReshown)) gate.reshown(performance.now());
    },
    { signal },
  );
  const onPointer = (event: PointerEvent) => {
    if (event.isTrusted)
      gate.pointerAt(event.screenX - event.clientX, event.screenY - event.clientY, event.timeStamp);
  };
  for (const type of ['pointerover', 'pointermove', 'pointerdown'] as const)
    window.addEventListener(type, onPointer, options);
  document.documentElement.addEventListener('pointerleave', () => gate.pointerLeft(), { signal });
  gate.focus(document.hasFocus(), performance.now());
  window.addEventListener('focus', (event) => gate.focus(true, event.timeStamp), options);
  window.addEventListener('blur', () => gate.focus(false, performance.now()), options);

  window.addEventListener(
    'click',
    (event) => {
      if (!(event.target instanceof Element) || !event.target.closest(controlSelector)) return;
      const verdict = gate.check(describeClick(event));
      if (verdict.ok) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      onRefused(verdict.reason);
    },
    options,
  );
}

/** A click with `detail` 0 came from the keyboard (Enter or Space on a focused control). */
function describeClick(event: MouseEvent): ControlInput {
  const trusted = event.isTrusted;
  if (event.detail === 0) return { kind: 'keyboard', trusted, at: event.timeStamp };
  return {
    kind: 'pointer',
    trusted,
    originX: event.screenX - event.clientX,
    originY: event.screenY - event.clientY,
    at: event.timeStamp,
  };
}
