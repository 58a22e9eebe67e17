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
    expect(microphoneLine({ failure: 'blocked' })).toEqual({
      part: 'microphone',
      status: 'fail',
      text: { key: 'setup.microphoneBlocked' },
    });
  });

  it('a silent microphone fails, a live one passes', () => {
    expect(microphoneLine({ peak: 0 }).status).toBe('fail');
    expect(microphoneLine({ peak: 0.2 })).toMatchObject({
      status: 'pass',
      text: { key: 'setup.microphoneWorks' },
    });
  });

  it('a camera that sends no frame fails', () => {
    expect(cameraLine({ frames: 0 })).toMatchObject({
      status: 'fail',
      text: { key: 'setup.cameraNoPicture' },
    });
    expect(cameraLine({ frames: 12 }).status).toBe('pass');
    expect(cameraLine({ failure: 'missing' }).text.key).toBe('setup.cameraMissing');
  });

  it('the network passes with a relay candidate and gives the time taken in the language', () => {
    expect(networkLine(probe({ relay: true }), 'en')).toEqual({
      part: 'network',
      status: 'pass',
      text: { key: 'setup.networkRelay', values: ['1.2s'] },
    });
    expect(networkLine(probe({ relay: true }), 'de').text.values?.[0]).toMatch(/^1,2/);
  });

  it('the network warns when only STUN answered and TURN refused the credentials', () => {
    const line = networkLine(probe({ srflx: true, turnRefused: true }));
    expect(line.status).toBe('warn');
    expect(line.text.key).toBe('setup.networkRelayRefused');
    expect(networkLine(probe({ srflx: true })).text.key).toBe('setup.networkRelaySilent');
  });

  it('the network fails when no ICE server answered, and says when the server lists none', () => {
    expect(networkLine(probe({}))).toMatchObject({ status: 'fail', text: { key: 'setup.networkNone' } });
    expect(networkLine(probe({ stunListed: false, turnListed: false })).text.key).toBe(
      'setup.networkNoneListed',
    );
  });

  it('the speaker line names the speaker, or says the default one', () => {
    expect(speakerLine(true, 'USB headset').text).toEqual({
      key: 'setup.speakerPlayed',
      values: ['USB headset'],
    });
    expect(speakerLine(true, null).text.key).toBe('setup.speakerPlayedDefault');
    expect(speakerLine(false, 'X').status).toBe('fail');
  });
});
