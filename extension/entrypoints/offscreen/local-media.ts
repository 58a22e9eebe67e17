/** Camera and microphone capture for a call, honouring the devices picked in the popup. */
import type { MediaKind } from '../../../protocol';
import type { AudioProcessing } from '../../lib/audio-processing';
import type { DeviceChoice } from '../../lib/messages';

/** Capture what the call needs; throws when the grant is missing or a device fails. */
export async function captureLocalMedia(
  media: MediaKind,
  sendVideo: boolean,
  devices: DeviceChoice,
  processing: AudioProcessing,
): Promise<MediaStream> {
  const pick = (deviceId: string) => (deviceId ? { deviceId: { ideal: deviceId } } : true);
  return navigator.mediaDevices.getUserMedia({
    audio: devices.microphoneId ? { deviceId: { ideal: devices.microphoneId }, ...processing } : processing,
    video:
      media === 'video' && sendVideo
        ? devices.cameraId
          ? { ...(pick(devices.cameraId) as object), width: 640, height: 480 }
          : { width: 640, height: 480 }
        : false,
  });
}

/** Stop every track of a stream (releases the camera light and the microphone). */
export function releaseStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
