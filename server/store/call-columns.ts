// The shapes and column lists every part of the call store shares (`calls.ts` composes the parts).
import type { CallState, CallsTable } from './schema.js';

export type CallRow = CallsTable;
/** A call without its offer SDP (up to 64 KiB): all that anything but a ringing call's resume needs. */
export type CallMeta = Omit<CallsTable, 'offer_sdp'>;

export const metaColumns = [
  'id',
  'caller_id',
  'callee_id',
  'caller_device',
  'callee_device',
  'media',
  'state',
  'created_at',
  'expires_at',
  'answered_at',
  'ended_at',
  'end_reason',
  'quality',
] as const;
// Fails to compile when a column is added to `calls` but not to `metaColumns`.
const everyMetaColumn: [Exclude<keyof CallMeta, (typeof metaColumns)[number]>] extends [never]
  ? true
  : never = true;
void everyMetaColumn;

export const liveStates: CallState[] = ['ringing', 'active'];
