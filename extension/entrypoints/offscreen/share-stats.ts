/** The screen share's figures from one getStats report, found by the mids of its transceivers. */
import type { ScreenShare } from '../../../protocol';
import type { ShareStats } from '../../lib/messages/debug';

type StatsEntry = Record<string, unknown> & { type: string };
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function readShareStats(
  report: RTCStatsReport,
  received: ScreenShare | null,
  sent: ScreenShare | null,
): ShareStats {
  const stats: ShareStats = {
    receivedFramesDecoded: 0,
    receivedAudioLevel: null,
    receivedAudioBytes: 0,
    sentFramesEncoded: 0,
    sentAudioBytes: 0,
  };
  report.forEach((entry: StatsEntry) => {
    const mid = entry.mid;
    if (entry.type === 'inbound-rtp' && received && mid === received.video)
      stats.receivedFramesDecoded += num(entry.framesDecoded);
    if (entry.type === 'inbound-rtp' && received?.audio && mid === received.audio) {
      stats.receivedAudioBytes += num(entry.bytesReceived);
      if (typeof entry.audioLevel === 'number') stats.receivedAudioLevel = entry.audioLevel;
    }
    if (entry.type === 'outbound-rtp' && sent && mid === sent.video)
      stats.sentFramesEncoded += num(entry.framesEncoded);
    if (entry.type === 'outbound-rtp' && sent?.audio && mid === sent.audio)
      stats.sentAudioBytes += num(entry.bytesSent);
  });
  return stats;
}
