/**
 * Short authentication string for a call: both sides derive it from the two DTLS fingerprints
 * in the SDP. DTLS-SRTP keys are bound to those certificates, so when the codes the two users
 * see are equal, no one in the middle (the signaling server included) swapped a certificate.
 */

/** 64 distinct, easily named emoji: each encodes 6 bits. */
const emojiAlphabet = [
  '🐶',
  '🐱',
  '🦁',
  '🐴',
  '🦄',
  '🐮',
  '🐷',
  '🐸',
  '🐵',
  '🐔',
  '🐧',
  '🐦',
  '🦆',
  '🦉',
  '🐢',
  '🐍',
  '🐙',
  '🦀',
  '🐳',
  '🐬',
  '🐟',
  '🦋',
  '🐝',
  '🐞',
  '🌵',
  '🌲',
  '🌴',
  '🍀',
  '🍁',
  '🍄',
  '🌻',
  '🌹',
  '🍎',
  '🍌',
  '🍇',
  '🍓',
  '🍒',
  '🍑',
  '🍍',
  '🥕',
  '🌽',
  '🍞',
  '🧀',
  '🍕',
  '🍩',
  '🍪',
  '🎂',
  '☕',
  '⚽',
  '🏀',
  '🎸',
  '🎺',
  '🎲',
  '🔑',
  '🔔',
  '💡',
  '📚',
  '✏️',
  '🚲',
  '🚗',
  '🚀',
  '⛵',
  '⏰',
  '🌙',
] as const;

/** Number of emoji in a code: 5 x 6 bits = 30 bits, plenty for a human comparison. */
export const verificationCodeLength = 5;

const fingerprintLine = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f:]+)\s*$/gm;

/** The DTLS fingerprints (`algorithm HEX`) an SDP declares, normalised; session- and media-level alike. */
export function extractFingerprints(sdp: string): string[] {
  const found = new Set<string>();
  for (const match of sdp.matchAll(fingerprintLine)) {
    found.add(`${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}`);
  }
  return [...found].sort();
}

/**
 * The emoji code for a call, from the local and remote SDP. The result does not depend on which side
 * computes it. Throws when either SDP carries no fingerprint (nothing to verify).
 */
export async function verificationCode(localSdp: string, remoteSdp: string): Promise<string[]> {
  const local = extractFingerprints(localSdp);
  const remote = extractFingerprints(remoteSdp);
  if (local.length === 0 || remote.length === 0) throw new Error('SDP carries no DTLS fingerprint');
  const material = [local.join(','), remote.join(',')].sort().join('|');
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`ringside-sas-v1|${material}`)),
  );
  return sixBitGroups(digest, verificationCodeLength).map((index) => emojiAlphabet[index]!);
}

function sixBitGroups(bytes: Uint8Array, count: number): number[] {
  const groups: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6 && groups.length < count) {
      bits -= 6;
      groups.push((buffer >> bits) & 0x3f);
    }
    buffer &= (1 << bits) - 1;
    if (groups.length === count) break;
  }
  return groups;
}
