/** Reduce an RTCStatsReport to the figures of ui-contract.md (`media:get-stats`). */
import type { CallStats } from '../../lib/messages';

type StatsEntry = Record<string, unknown> & { type: string; id: string };
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

export async function readCallStats(pc: RTCPeerConnection): Promise<CallStats> {
  const report = await pc.getStats();
  const entries = new Map<string, StatsEntry>();
  report.forEach((entry: StatsEntry) => entries.set(entry.id, entry));
  const stats: CallStats = {
    audioBytesReceived: 0,
    audioLevel: null,
    audioBytesSent: 0,
    videoFramesDecoded: 0,
    videoBytesReceived: 0,
    roundTripTimeMs: null,
    localCandidateType: null,
    remoteCandidateType: null,
    connectionState: pc.connectionState,
    localCandidates: 0,
    remoteCandidates: 0,
  };
  let selectedPairId: string | undefined;
  for (const entry of entries.values()) {
    if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
      stats.audioBytesReceived += num(entry.bytesReceived);
      if (typeof entry.audioLevel === 'number') stats.audioLevel = entry.audioLevel;
    }
    if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
      stats.videoFramesDecoded += num(entry.framesDecoded);
      stats.videoBytesReceived += num(entry.bytesReceived);
    }
    if (entry.type === 'local-candidate') stats.localCandidates++;
    if (entry.type === 'remote-candidate') stats.remoteCandidates++;
    if (entry.type === 'outbound-rtp' && entry.kind === 'audio') stats.audioBytesSent += num(entry.bytesSent);
    if (entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string')
      selectedPairId = entry.selectedCandidatePairId;
  }
  const pair = selectedPairId ? entries.get(selectedPairId) : undefined;
  if (pair) {
    if (typeof pair.currentRoundTripTime === 'number')
      stats.roundTripTimeMs = Math.round(pair.currentRoundTripTime * 1000);
    const local = entries.get(String(pair.localCandidateId));
    const remote = entries.get(String(pair.remoteCandidateId));
    stats.localCandidateType = typeof local?.candidateType === 'string' ? local.candidateType : null;
    stats.remoteCandidateType = typeof remote?.candidateType === 'string' ? remote.candidateType : null;
  }
  return stats;
}
