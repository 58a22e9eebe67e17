/**
 * The device part of "Test my setup", run in the popup page itself (an extension page with the
 * extension origin's camera and microphone grant): a camera preview, a live microphone level and
 * a speaker test tone. Everything stops through the check's AbortSignal, and with the popup.
 */
import type { DeviceChoice } from '../../../lib/messages';

export type DeviceFailure = 'blocked' | 'missing' | 'busy' | 'failed';

/** getUserMedia errors in words a check line can use. */
export function deviceFailureOf(error: unknown): DeviceFailure {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

const pick = (deviceId: string) => (deviceId ? { deviceId: { exact: deviceId } } : {});

/** Capture one kind of device; the stream or why not. */
export async function captureDevice(
  kind: 'audio' | 'video',
  devices: DeviceChoice,
): Promise<{ stream: MediaStream } | { failure: DeviceFailure }> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(
      kind === 'audio'
        ? { audio: pick(devices.microphoneId) }
        : { video: { ...pick(devices.cameraId), width: 320, height: 240 } },
    );
    return { stream };
  } catch (error) {
    return { failure: deviceFailureOf(error) };
  }
}

/**
 * The microphone's level, 0..1 (RMS of the waveform), reported to `onLevel` every animation frame
 * until `signal` aborts. Resolves with the highest level seen within `windowMs`.
 */
export function watchMicrophoneLevel(
  stream: MediaStream,
  onLevel: (level: number) => void,
  windowMs: number,
  signal: AbortSignal,
): Promise<number> {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let peak = 0;
  let frame = 0;
  const read = () => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
    peak = Math.max(peak, level);
    onLevel(level);
    frame = requestAnimationFrame(read);
  };
  // A popup in a background tab gets no animation frames: a timer keeps the peak honest there.
  const timer = setInterval(read, 100);
  read();
  signal.addEventListener(
    'abort',
    () => {
      cancelAnimationFrame(frame);
      clearInterval(timer);
      void context.close();
    },
    { once: true },
  );
  return new Promise((resolve) => setTimeout(() => resolve(peak), windowMs));
}

/** Play a short 440 Hz tone on the chosen speaker ('' = default). Resolves false if it cannot play. */
export async function playTestTone(speakerId: string, durationMs: number): Promise<boolean> {
  const context = new AudioContext();
  try {
    const withSink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
    if (speakerId && withSink.setSinkId) await withSink.setSinkId(speakerId);
    await context.resume();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = 440;
    gain.gain.setValueAtTime(0.2, context.currentTime);
    gain.gain.linearRampToValueAtTime(0, context.currentTime + durationMs / 1000);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + durationMs / 1000);
    await new Promise<void>((resolve) => (oscillator.onended = () => resolve()));
    return true;
  } catch {
    return false;
  } finally {
    void context.close();
  }
}

/** Frames the camera actually delivered to `video` within `windowMs` (0: a black or frozen camera). */
export function countVideoFrames(video: HTMLVideoElement, windowMs: number): Promise<number> {
  return new Promise((resolve) => {
    let frames = 0;
    const onFrame = () => {
      frames += 1;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    setTimeout(() => resolve(frames), windowMs);
  });
}
