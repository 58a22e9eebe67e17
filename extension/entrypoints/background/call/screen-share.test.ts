import { describe, expect, it } from 'vitest';
import { idleSnapshot } from '../../../lib/call-state';
import type { CallSnapshot } from '../../../lib/call-state';
import { reduceCall } from './call-machine';
import type { CallEvent } from './call-machine';

const bob = { id: 'u-bob', username: 'bob', displayName: 'Bob' };
const ours = { video: '3', audio: '4' };
const theirs = { video: '5', audio: null };

function run(events: CallEvent[], start: CallSnapshot = idleSnapshot): CallSnapshot | null {
  let call: CallSnapshot | null = start;
  for (const event of events) {
    if (!call) return null;
    call = reduceCall(call, event, 1000);
  }
  return call;
}

const active = run([
  { kind: 'dial', peer: bob, media: 'audio' },
  { kind: 'invited', callId: 'c1' },
  { kind: 'answered' },
  { kind: 'connected' },
])!;

describe('screen share in the call machine (issue 14)', () => {
  it('records our share and its end', () => {
    const sharing = run([{ kind: 'local-share', share: ours }], active);
    expect(sharing).toMatchObject({ localShare: ours, remoteShare: null, shareNotice: null });
    expect(run([{ kind: 'local-share', share: null }], sharing!)).toMatchObject({ localShare: null });
  });

  it("lets the peer's share replace ours, and says so", () => {
    const replaced = run(
      [
        { kind: 'local-share', share: ours },
        { kind: 'remote-share', share: theirs },
      ],
      active,
    );
    expect(replaced).toMatchObject({ localShare: null, remoteShare: theirs, shareNotice: 'peer-took-over' });
  });

  it("says ours replaced the peer's when we share over it", () => {
    const took = run(
      [
        { kind: 'remote-share', share: theirs },
        { kind: 'local-share', share: ours },
      ],
      active,
    );
    expect(took).toMatchObject({ localShare: ours, remoteShare: null, shareNotice: 'took-over-from-peer' });
  });

  it('forgets both shares when the call ends', () => {
    const ended = run(
      [
        { kind: 'local-share', share: ours },
        { kind: 'remote-share', share: null },
        { kind: 'end', reason: 'hangup' },
      ],
      active,
    );
    expect(ended).toMatchObject({ phase: 'ended', localShare: null, remoteShare: null, shareNotice: null });
  });

  it('refuses a share outside a live call', () => {
    expect(reduceCall(idleSnapshot, { kind: 'local-share', share: ours }, 0)).toBeNull();
    expect(reduceCall(idleSnapshot, { kind: 'remote-share', share: theirs }, 0)).toBeNull();
  });
});
