/**
 * What "Test my setup" tells the user: one line per part, pass or fail, in plain words with what
 * to do. Pure: the popup's check gathers the outcomes, this picks the words (message keys in
 * extension/locales `setup.*`), and the popup translates them.
 */
import { shortSeconds } from '../../../lib/format-time';
import type { Message } from '../../../lib/translate';
import type { DeviceFailure } from './media-check';
import type { NetworkProbe } from './network-check';

export type CheckStatus = 'pass' | 'fail' | 'warn';
export type CheckPart = 'camera' | 'microphone' | 'speaker' | 'network';
export interface CheckLine {
  /** Shown first, as `setup.<part>`: `Camera`, `Microphone`, `Speaker`, `Network`. */
  part: CheckPart;
  status: CheckStatus;
  /** What happened, then what to do about it. */
  text: Message;
}

/** A microphone peak below this (RMS x4, 0..1) over the window is silence. */
export const silentBelow = 0.01;

const deviceAdvice = {
  camera: {
    blocked: 'setup.cameraBlocked',
    missing: 'setup.cameraMissing',
    busy: 'setup.cameraBusy',
    failed: 'setup.cameraFailed',
  },
  microphone: {
    blocked: 'setup.microphoneBlocked',
    missing: 'setup.microphoneMissing',
    busy: 'setup.microphoneBusy',
    failed: 'setup.microphoneFailed',
  },
} as const satisfies Record<'camera' | 'microphone', Record<DeviceFailure, Message['key']>>;

const line = (part: CheckPart, status: CheckStatus, key: Message['key'], values?: string[]): CheckLine => ({
  part,
  status,
  text: values ? { key, values } : { key },
});

export function cameraLine(outcome: { failure: DeviceFailure } | { frames: number }): CheckLine {
  if ('failure' in outcome) return line('camera', 'fail', deviceAdvice.camera[outcome.failure]);
  return outcome.frames > 0
    ? line('camera', 'pass', 'setup.cameraWorks')
    : line('camera', 'fail', 'setup.cameraNoPicture');
}

export function microphoneLine(outcome: { failure: DeviceFailure } | { peak: number }): CheckLine {
  if ('failure' in outcome) return line('microphone', 'fail', deviceAdvice.microphone[outcome.failure]);
  return outcome.peak >= silentBelow
    ? line('microphone', 'pass', 'setup.microphoneWorks')
    : line('microphone', 'fail', 'setup.microphoneSilent');
}

/** `speakerName` is the picked speaker's label, or null for the system's default one. */
export function speakerLine(played: boolean, speakerName: string | null): CheckLine {
  if (speakerName === null)
    return played
      ? line('speaker', 'pass', 'setup.speakerPlayedDefault')
      : line('speaker', 'fail', 'setup.speakerFailedDefault');
  return played
    ? line('speaker', 'pass', 'setup.speakerPlayed', [speakerName])
    : line('speaker', 'fail', 'setup.speakerFailed', [speakerName]);
}

/** `locale` formats the time the probe took ("1.2s", "1,2 s"). */
export function networkLine(probe: NetworkProbe | 'offline', locale?: string): CheckLine {
  if (probe === 'offline') return line('network', 'fail', 'setup.networkOffline');
  const took = [shortSeconds(probe.elapsedMs, locale)];
  if (probe.relay) return line('network', 'pass', 'setup.networkRelay', took);
  if (probe.srflx && probe.turnListed)
    return line(
      'network',
      'warn',
      probe.turnRefused ? 'setup.networkRelayRefused' : 'setup.networkRelaySilent',
      took,
    );
  if (probe.srflx) return line('network', 'pass', 'setup.networkNoRelay', took);
  return line(
    'network',
    'fail',
    probe.stunListed || probe.turnListed ? 'setup.networkNone' : 'setup.networkNoneListed',
    took,
  );
}
