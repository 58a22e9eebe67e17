/** Layout requests from the call frame to its host content script (sizes and drag moves only). */
import type { OverlayLayout } from '../../lib/ports';

const inPage = window.parent !== window;

function post(message: OverlayLayout): void {
  // No secrets travel here: only pixel sizes and offsets.
  if (inPage) window.parent.postMessage(message, '*');
}

export function requestFrameSize(width: number, height: number): void {
  post({ ringside: 'size', width, height });
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
