/** Structured console logs, one line per event, tagged with the layer that wrote them. */
export function createLogger(layer: string) {
  return {
    info: (msg: string, fields: Record<string, unknown> = {}) =>
      console.info(`[ringside:${layer}] ${msg}`, fields),
    warn: (msg: string, fields: Record<string, unknown> = {}) =>
      console.warn(`[ringside:${layer}] ${msg}`, fields),
    error: (msg: string, fields: Record<string, unknown> = {}) =>
      console.error(`[ringside:${layer}] ${msg}`, fields),
  };
}
export type Logger = ReturnType<typeof createLogger>;
