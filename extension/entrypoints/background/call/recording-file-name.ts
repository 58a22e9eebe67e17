/** The recording's file name (issue 15): `Ringside call with Bob Baker 2026-12-01 17-30.webm`, local time. */
export function recordingFileName(peerName: string, start: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
  const time = `${pad(start.getHours())}-${pad(start.getMinutes())}`;
  // A display name is any Unicode: keep it readable, but nothing a file system or the downloads API refuses.
  const name = peerName
    .replace(/[\p{Cc}\p{Cf}<>:"/\\|?*~]/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 64)
    .trim();
  return `Ringside call${name ? ` with ${name}` : ''} ${day} ${time}.webm`;
}
