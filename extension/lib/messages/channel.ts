/**
 * A message channel: one direction between two extension contexts, with the request and the
 * answer schemas of each message type and the senders it accepts. Requests are validated by the
 * receiver, answers by the sender; a failure carries only a code of `FailureCodeSchema`.
 */
import * as z from 'zod/mini';
import { FailureCodeSchema } from './failure-codes';
import type { FailureCode } from './failure-codes';
import { deliver } from './deliver';

export type Failure = { ok: false; error: FailureCode };
export type Result<T extends object = Record<never, never>> = ({ ok: true } & T) | Failure;
const FailureSchema = z.object({ ok: z.literal(false), error: FailureCodeSchema });

export type Sender = chrome.runtime.MessageSender;
export type SenderCheck = (sender: Sender) => boolean;

/** Per message type: the fields of the request (besides `type`) and of a successful answer. */
export type ChannelTable = Record<string, { request: z.core.$ZodShape; response: z.core.$ZodShape }>;

export interface Channel<T extends ChannelTable> {
  readonly name: string;
  readonly table: T;
  /** Who may send on this channel (checked before the request is parsed). */
  readonly trustSender: SenderCheck;
}

/** Declare a channel; `trustSender` names the only contexts allowed to send on it. */
export function defineChannel<T extends ChannelTable>(
  name: string,
  trustSender: SenderCheck,
  table: T,
): Channel<T> {
  return { name, table, trustSender };
}

export type TypeOf<T extends ChannelTable> = keyof T & string;
// zod types an empty object as Record<string, never>, which nothing with `type` or `ok` fits.
type Output<S extends z.core.$ZodShape> = object extends S
  ? Record<never, never>
  : z.output<z.ZodMiniObject<S>>;
type Input<S extends z.core.$ZodShape> = object extends S
  ? Record<never, never>
  : z.input<z.ZodMiniObject<S>>;
/** A validated request (defaults applied). */
export type RequestOf<T extends ChannelTable, K extends TypeOf<T>> = { type: K } & Output<T[K]['request']>;
/** What a sender passes: fields with defaults may be left out. */
export type RequestInput<T extends ChannelTable, K extends TypeOf<T>> = { type: K } & Input<T[K]['request']>;
export type ResponseOf<T extends ChannelTable, K extends TypeOf<T>> = Result<Output<T[K]['response']>>;

/** What the receiving context does with each message type of a channel: all of them. */
export type ChannelHandlers<T extends ChannelTable> = {
  [K in TypeOf<T>]: (message: RequestOf<T, K>, sender: Sender) => Promise<ResponseOf<T, K>>;
};

// Built once per message type, on first use: a zod schema costs far more to build than to run,
// and the worker parses every signal of a call.
type SchemaCache = WeakMap<object, Map<string, z.ZodMiniType>>;
const requestSchemas: SchemaCache = new WeakMap();
const responseSchemas: SchemaCache = new WeakMap();

function memo(cache: SchemaCache, channel: object, type: string, build: () => z.ZodMiniType): z.ZodMiniType {
  let byType = cache.get(channel);
  if (!byType) cache.set(channel, (byType = new Map()));
  let schema = byType.get(type);
  if (!schema) byType.set(type, (schema = build()));
  return schema;
}

function requestSchema<T extends ChannelTable>(channel: Channel<T>, type: TypeOf<T>): z.ZodMiniType {
  return memo(requestSchemas, channel, type, () =>
    z.object({ type: z.literal(type), ...channel.table[type]!.request }),
  );
}

function responseSchema<T extends ChannelTable>(channel: Channel<T>, type: TypeOf<T>): z.ZodMiniType {
  return memo(responseSchemas, channel, type, () =>
    z.union([z.object({ ok: z.literal(true), ...channel.table[type]!.response }), FailureSchema]),
  );
}

/** True when `type` belongs to `channel`. */
export function carries<T extends ChannelTable>(channel: Channel<T>, type: unknown): type is TypeOf<T> {
  return typeof type === 'string' && Object.hasOwn(channel.table, type);
}

/** Send a request on `channel` and await its validated answer (never throws). */
export async function sendOn<T extends ChannelTable, K extends TypeOf<T>>(
  channel: Channel<T>,
  message: RequestInput<T, K>,
): Promise<ResponseOf<T, K>> {
  const schema = responseSchema(channel, message.type);
  return (await deliver(message, channel.name, (answer) => schema.safeParse(answer))) as ResponseOf<T, K>;
}

/** Send `message` on the first of `channels` that carries its type (throws when none does). */
export async function sendOnCarrier(
  channels: readonly Channel<ChannelTable>[],
  message: RequestInput<ChannelTable, string>,
): Promise<unknown> {
  const channel = channels.find((candidate) => carries(candidate, message.type));
  if (!channel) throw new Error(`no channel carries ${message.type}`);
  return sendOn(channel, message);
}

/**
 * Answer the requests of `channel` in this context, validating each sender (the channel's rule,
 * and `alsoTrust` when given) and each request; messages of other channels are left alone.
 */
export function listenForMessages<T extends ChannelTable>(
  channel: Channel<T>,
  handlers: ChannelHandlers<T>,
  signal: AbortSignal,
  alsoTrust: SenderCheck = () => true,
): void {
  const onMessage = (raw: unknown, sender: Sender, reply: (answer: unknown) => void) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (!carries(channel, type)) return false;
    if (!channel.trustSender(sender) || !alsoTrust(sender)) {
      console.warn('[ringside] message refused: forbidden sender', {
        type,
        from: sender.url,
        tab: sender.tab?.id,
        frame: sender.frameId,
      });
      reply({ ok: false, error: 'forbidden' } satisfies Failure);
      return false;
    }
    const parsed = requestSchema(channel, type).safeParse(raw);
    if (!parsed.success) {
      console.warn('[ringside] message dropped: invalid', { type, from: sender.url });
      reply({ ok: false, error: 'invalid' } satisfies Failure);
      return false;
    }
    void dispatch(handlers, parsed.data as RequestOf<T, typeof type>, sender).then(reply);
    return true;
  };
  chrome.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(onMessage), { once: true });
}

/** Run the handler for one validated request; a throw is logged here and answered `internal`. */
export async function dispatch<T extends ChannelTable, K extends TypeOf<T>>(
  handlers: ChannelHandlers<T>,
  message: RequestOf<T, K>,
  sender: Sender,
): Promise<ResponseOf<T, K> | Failure> {
  const handler = handlers[message.type] as
    ((m: RequestOf<T, K>, s: Sender) => Promise<ResponseOf<T, K>>) | undefined;
  if (!handler) return { ok: false, error: 'invalid' };
  try {
    return await handler(message, sender);
  } catch (error) {
    console.error('[ringside] message handler failed', message.type, error);
    return { ok: false, error: 'internal' };
  }
}
