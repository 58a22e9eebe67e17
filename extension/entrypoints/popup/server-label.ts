/** The signed-in server as the popup shows it: the host (and port), without scheme or path. */
export function serverLabel(serverUrl: string): string {
  try {
    return new URL(serverUrl).host || serverUrl;
  } catch {
    return serverUrl;
  }
}
