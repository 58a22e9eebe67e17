/**
 * The delivery half of a request to another extension context, with no schema library of its own:
 * `sendOn` (the channel's answer schema) and the overlay's `sendControl` (its own) pass their parser.
 */

/** What a zod `safeParse` answers. */
type Parsed<R> = { success: true; data: R } | { success: false };

/** Send `message` and return its answer if `parse` accepts it (never throws). */
export async function deliver<R>(
  message: { type: string },
  channel: string,
  parse: (answer: unknown) => Parsed<R>,
): Promise<R | { ok: false; error: 'unreachable' | 'internal' }> {
  let answer: unknown;
  try {
    answer = await chrome.runtime.sendMessage(message);
  } catch (error) {
    console.warn('[ringside] message not delivered', { type: message.type, error: String(error) });
    return { ok: false, error: 'unreachable' };
  }
  const parsed = parse(answer);
  if (parsed.success) return parsed.data;
  console.warn('[ringside] answer dropped: invalid', { channel, type: message.type });
  return { ok: false, error: 'internal' };
}
