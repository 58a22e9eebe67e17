/** Layout requests from the call frame to its host content script (sizes and drag moves only). */
import { FrameSizedSchema } from '../../lib/host-messages';
import type { OverlayLayout } from '../../lib/host-messages';
import { lifetimes } from '../../lib/lifetimes';

const inPage = window.parent !== window;

function post(message: OverlayLayout): void {
  // No secrets travel here: only pixel sizes and offsets.
  if (inPage) window.parent.postMessage(message, '*');
}

/**
 * Whether the frame has the size it last asked for. The host is anchored at the page's bottom
 * right, so a resize moves the frame (and its buttons) on the page: a click aimed at a button
 * before the resize lands elsewhere and does nothing (R-F6). The buttons wait for `settled`.
 */
let wanted: { width: number; height: number } | null = null;
let fallback: ReturnType<typeof setTimeout> | undefined;
const settleListeners = new Set<(settled: boolean) => void>();

function hasSize(size: { width: number; height: number }): boolean {
  return Math.abs(window.innerWidth - size.width) <= 1 && Math.abs(window.innerHeight - size.height) <= 1;
}

function settle(): void {
  clearTimeout(fallback);
  wanted = null;
  for (const listener of settleListeners) listener(true);
}

if (inPage) {
  window.addEventListener('resize', () => {
    if (wanted && hasSize(wanted)) settle();
  });
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !wanted) return;
    const parsed = FrameSizedSchema.safeParse(event.data);
    if (!parsed.success) return;
    const { width, height } = parsed.data.ringsideSized;
    if (width !== wanted.width || height !== wanted.height) return;
    // Applied by the host: settled once the page has laid the frame out at its new place.
    requestAnimationFrame(() => requestAnimationFrame(() => wanted?.height === height && settle()));
  });
}

/** Called with false when a resize starts and true once the frame has its new size. */
export function onFrameSettled(listener: (settled: boolean) => void): () => void {
  settleListeners.add(listener);
  listener(wanted === null);
  return () => settleListeners.delete(listener);
}

export function requestFrameSize(width: number, height: number): void {
  if (!inPage) return;
  post({ ringside: 'size', width, height });
  if (wanted?.width === width && wanted.height === height) return;
  if (!wanted && hasSize({ width, height })) return;
  wanted = { width, height };
  for (const listener of settleListeners) listener(false);
  clearTimeout(fallback);
  fallback = setTimeout(settle, lifetimes.frameSettleFallbackMs);
}

/** Make `handle` drag the overlay (pointer) and move it with the arrow keys (keyboard). */
export function draggable(handle: HTMLElement) {
  const scope = new AbortController();
  const { signal } = scope;
  let last: { x: number; y: number } | null = null;
  handle.addEventListener(
    'pointerdown',
    (event) => {
      if ((event.target as HTMLElement).closest('button')) return;
      last = { x: event.screenX, y: event.screenY };
      handle.setPointerCapture(event.pointerId);
    },
    { signal },
  );
  handle.addEventListener(
    'pointermove',
    (event) => {
      if (!last) return;
      post({ ringside: 'move', dx: event.screenX - last.x, dy: event.screenY - last.y });
      last = { x: event.screenX, y: event.screenY };
    },
    { signal },
  );
  handle.addEventListener('pointerup', () => (last = null), { signal });
  handle.addEventListener(
    'keydown',
    (event) => {
      const step = 24;
      const moves: Record<string, [number, number]> = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
      };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      post({ ringside: 'move', dx: move[0], dy: move[1] });
    },
    { signal },
  );
  return { destroy: () => scope.abort() };
}
