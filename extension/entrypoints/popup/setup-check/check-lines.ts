/**
 * What "Test my setup" tells the user: one line per part, pass or fail, in plain words with what
 * to do. Pure: the popup's check gathers the outcomes, this turns them into lines.
 */
import type { DeviceFailure } from './media-check';
import type { NetworkProbe } from './network-check';

export type CheckStatus = 'pass' | 'fail' | 'warn';
export interface CheckLine {
  part: 'camera' | 'microphone' | 'speaker' | 'network';
  /** Shown first: `Camera`, `Microphone`, `Speaker`, `Network`. */
  title: string;
  status: CheckStatus;
  /** What happened, then what to do about it. */
  text: string;
}

/** A microphone peak below this (RMS x4, 0..1) over the window is silence. */
export const silentBelow = 0.01;

const deviceAdvice: Record<DeviceFailure, (what: string) => string> = {
  blocked: (what) =>
    `Ringside is not allowed to use your ${what}. Choose "Allow camera and microphone" above, or allow it in the browser's site settings for Ringside.`,
  missing: (what) => `No ${what} was found. Plug one in, or pick another one in Settings below.`,
  busy: (what) =>
    `Your ${what} is in use by another program or cannot start. Close other apps using it and try again.`,
  failed: (what) => `Your ${what} could not start. Try another one in Settings below.`,
};

export function cameraLine(outcome: { failure: DeviceFailure } | { frames: number }): CheckLine {
  if ('failure' in outcome)
    return { part: 'camera', title: 'Camera', status: 'fail', text: deviceAdvice[outcome.failure]('camera') };
  return outcome.frames > 0
    ? {
        part: 'camera',
        title: 'Camera',
        status: 'pass',
        text: 'Your camera works: you should see yourself above.',
      }
    : {
        part: 'camera',
        title: 'Camera',
        status: 'fail',
        text: 'Your camera started but sent no picture. Check its cover or pick another camera in Settings below.',
      };
}

export function microphoneLine(outcome: { failure: DeviceFailure } | { peak: number }): CheckLine {
  if ('failure' in outcome)
    return {
      part: 'microphone',
      title: 'Microphone',
      status: 'fail',
      text: deviceAdvice[outcome.failure]('microphone'),
    };
  return outcome.peak >= silentBelow
    ? { part: 'microphone', title: 'Microphone', status: 'pass', text: 'Your microphone picks up sound.' }
    : {
        part: 'microphone',
        title: 'Microphone',
        status: 'fail',
        text: 'Your microphone is silent. Check that it is not muted, speak, or pick another one in Settings below.',
      };
}

export function speakerLine(played: boolean, speakerName: string): CheckLine {
  return played
    ? {
        part: 'speaker',
        title: 'Speaker',
        status: 'pass',
        text: `A test tone played on ${speakerName}. Heard nothing? Turn the volume up or pick another speaker in Settings below.`,
      }
    : {
        part: 'speaker',
        title: 'Speaker',
        status: 'fail',
        text: `The test tone could not play on ${speakerName}. Pick another speaker in Settings below.`,
      };
}

export function networkLine(probe: NetworkProbe | 'offline'): CheckLine {
  const base = { part: 'network', title: 'Network' } as const;
  if (probe === 'offline')
    return {
      ...base,
      status: 'fail',
      text: 'Ringside cannot reach your server right now. Check your internet connection and try again.',
    };
  const seconds = `${(probe.elapsedMs / 1000).toFixed(1)} s`;
  if (probe.relay)
    return {
      ...base,
      status: 'pass',
      text: `Calls can connect from this network, through the relay if needed (checked in ${seconds}).`,
    };
  if (probe.srflx && probe.turnListed)
    return {
      ...base,
      status: 'warn',
      text: `Calls can connect from most networks, but the relay server ${probe.turnRefused ? 'refused its sign-in' : 'did not answer'} (checked in ${seconds}). Calls through strict firewalls may fail: tell your server's admin.`,
    };
  if (probe.srflx)
    return {
      ...base,
      status: 'pass',
      text: `Calls can connect from this network (checked in ${seconds}). Your server has no relay, so calls through strict firewalls may fail.`,
    };
  return {
    ...base,
    status: 'fail',
    text: `No connection server answered in ${seconds}${probe.stunListed || probe.turnListed ? '' : ' (your server lists none)'}. Calls will only work on the same local network. A firewall may block it: try another network, or tell your server's admin.`,
  };
}
