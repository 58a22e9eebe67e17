import { describe, expect, it } from 'vitest';
import { VisibilityGate, gateTimings } from './visibility-gate';

const pointerClick = (at: number, originX = 100, originY = 200) =>
  ({ kind: 'pointer', trusted: true, originX, originY, at }) as const;

/** A gate whose frame became visible at 0 and whose pointer rested at (100, 200) from 0. */
function restedGate() {
  const gate = new VisibilityGate();
  gate.visibility(true, 0);
  gate.pointerAt(100, 200, 0);
  return gate;
}

describe('the visibility gate of in-page controls', () => {
  it('lets a click through once the frame was visible and the pointer rested long enough', () => {
    expect(restedGate().check(pointerClick(gateTimings.visibleForMs))).toEqual({ ok: true });
  });

  it('refuses every click while the browser does not report the frame visible', () => {
    const gate = new VisibilityGate();
    gate.pointerAt(100, 200, 0);
    expect(gate.check(pointerClick(10_000))).toEqual({ ok: false, reason: 'not-visible' });
  });

  it('refuses a click once the frame turned invisible (a page set opacity, a filter or covered it)', () => {
    const gate = restedGate();
    gate.visibility(false, 5_000);
    expect(gate.check(pointerClick(6_000))).toEqual({ ok: false, reason: 'not-visible' });
  });

  it('restarts the visible clock when the frame comes back, so a flash of visibility is not enough', () => {
    const gate = restedGate();
    gate.visibility(false, 5_000);
    gate.visibility(true, 5_100);
    expect(gate.check(pointerClick(5_100 + gateTimings.visibleForMs - 1))).toEqual({
      ok: false,
      reason: 'too-soon',
    });
    expect(gate.check(pointerClick(5_100 + gateTimings.visibleForMs))).toEqual({ ok: true });
  });

  it('keeps the visible clock through repeated visible reports', () => {
    const gate = restedGate();
    gate.visibility(true, 400);
    expect(gate.check(pointerClick(gateTimings.visibleForMs))).toEqual({ ok: true });
  });

  it('restarts both clocks when the content script re-raised the host, even if the observer saw nothing', () => {
    const gate = restedGate();
    gate.reshown(5_000);
    expect(gate.check(pointerClick(5_000 + gateTimings.visibleForMs - 1))).toEqual({
      ok: false,
      reason: 'too-soon',
    });
    expect(gate.check(pointerClick(5_000 + gateTimings.visibleForMs))).toEqual({ ok: true });
  });

  it('keeps a re-shown frame invisible until the observer reports it visible', () => {
    const gate = new VisibilityGate();
    gate.pointerAt(100, 200, 0);
    gate.reshown(1_000);
    expect(gate.check(pointerClick(5_000))).toEqual({ ok: false, reason: 'not-visible' });
  });

  it('refuses a click right after the frame appeared', () => {
    expect(restedGate().check(pointerClick(gateTimings.visibleForMs - 1))).toEqual({
      ok: false,
      reason: 'too-soon',
    });
  });

  it('refuses a click on a frame that was moved under the cursor, until the pointer rests again', () => {
    const gate = restedGate();
    gate.pointerAt(300, 200, 2_000);
    expect(gate.check(pointerClick(2_010, 300, 200))).toEqual({ ok: false, reason: 'too-soon' });
    expect(gate.check(pointerClick(2_000 + gateTimings.pointerRestMs, 300, 200))).toEqual({ ok: true });
  });

  it('refuses a click whose position says the frame moved since the last pointer event', () => {
    expect(restedGate().check(pointerClick(3_000, 160, 200))).toEqual({ ok: false, reason: 'pointer-moved' });
  });

  it('treats sub-pixel differences of the frame origin as the same place', () => {
    const gate = restedGate();
    gate.pointerAt(100.5, 199.6, 1_000);
    expect(gate.check(pointerClick(1_000, 100.4, 200.3))).toEqual({ ok: true });
  });

  it('refuses a click after the pointer left the frame', () => {
    const gate = restedGate();
    gate.pointerLeft();
    expect(gate.check(pointerClick(3_000))).toEqual({ ok: false, reason: 'pointer-moved' });
  });

  it('refuses untrusted clicks whatever else holds', () => {
    expect(restedGate().check({ ...pointerClick(3_000), trusted: false })).toEqual({
      ok: false,
      reason: 'untrusted',
    });
  });

  it('lets a key press act only after the frame held focus for a while', () => {
    const gate = restedGate();
    const key = (at: number) => ({ kind: 'keyboard', trusted: true, at }) as const;
    expect(gate.check(key(3_000))).toEqual({ ok: false, reason: 'not-focused' });
    gate.focus(true, 3_000);
    expect(gate.check(key(3_100))).toEqual({ ok: false, reason: 'not-focused' });
    expect(gate.check(key(3_000 + gateTimings.focusedForMs))).toEqual({ ok: true });
    gate.focus(false, 4_000);
    expect(gate.check(key(5_000))).toEqual({ ok: false, reason: 'not-focused' });
  });
});
