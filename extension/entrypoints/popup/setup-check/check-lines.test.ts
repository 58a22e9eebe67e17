import { describe, expect, it } from 'vitest';
import { cameraLine, microphoneLine, networkLine, speakerLine } from './check-lines';
import type { NetworkProbe } from './network-check';

const probe = (over: Partial<NetworkProbe>): NetworkProbe => ({
  stunListed: true,
  turnListed: true,
  srflx: false,
  relay: false,
  turnRefused: false,
  elapsedMs: 1234,
  ...over,
});

describe('setup check lines', () => {
  it('a blocked microphone fails and says how to allow it', () => {
    const line = microphoneLine({ failure: 'blocked' });
    expect(line.status).toBe('fail');
    expect(line.text).toContain('not allowed');
    expect(line.text).toContain('Allow camera and microphone');
  });

  it('a silent microphone fails, a live one passes', () => {
    expect(microphoneLine({ peak: 0 }).status).toBe('fail');
    expect(microphoneLine({ peak: 0.2 }).status).toBe('pass');
  });

  it('a camera that sends no frame fails', () => {
    expect(cameraLine({ frames: 0 }).status).toBe('fail');
    expect(cameraLine({ frames: 12 }).status).toBe('pass');
    expect(cameraLine({ failure: 'missing' }).text).toContain('No camera');
  });

  it('the network passes with a relay candidate and gives the time taken', () => {
    const line = networkLine(probe({ relay: true }));
    expect(line.status).toBe('pass');
    expect(line.text).toContain('1.2 s');
  });

  it('the network warns when only STUN answered and TURN refused the credentials', () => {
    const line = networkLine(probe({ srflx: true, turnRefused: true }));
    expect(line.status).toBe('warn');
    expect(line.text).toContain('refused');
  });

  it('the network fails when no ICE server answered', () => {
    const line = networkLine(probe({}));
    expect(line.status).toBe('fail');
    expect(line.text).toContain('No connection server answered');
  });

  it('the speaker line names the speaker', () => {
    expect(speakerLine(true, 'Default speaker').text).toContain('Default speaker');
    expect(speakerLine(false, 'X').status).toBe('fail');
  });
});
