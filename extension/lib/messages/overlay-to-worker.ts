/** Overlay frame and popup -> service worker: the controls of the call. */
import * as z from 'zod/mini';
import { MediaKindSchema, UserSchema } from '../../../protocol';
import { defineChannel } from './channel';
import type { SenderCheck } from './channel';
import { isExtensionSender } from './senders';

/**
 * Only extension pages send call controls; the worker also requires the frame to be one it
 * trusts (a top-level extension page, or an overlay frame that proved its key): see
 * `fromTrustedFrame`.
 */
export const overlayToWorker = defineChannel('overlay-to-worker', isExtensionSender, {
  'call:start': { request: { peer: UserSchema, media: MediaKindSchema }, response: {} },
  'call:accept': { request: { audioOnly: z._default(z.boolean(), false) }, response: {} },
  'call:decline': { request: {}, response: {} },
  'call:hangup': { request: {}, response: {} },
  'call:set-media': { request: { audio: z.boolean(), video: z.boolean() }, response: {} },
  // Issue 14: screen share (captured in the offscreen document) and the pop-out call window.
  'call:share-screen': { request: {}, response: {} },
  'call:stop-share': { request: {}, response: {} },
  'call:pop-out': { request: {}, response: {} },
  'call:back-to-tab': { request: {}, response: {} },
  // Issue 15: recording with consent ("Record" asks the peer; the peer allows or not; either stops it).
  'call:record': { request: {}, response: {} },
  'call:record-answer': { request: { allow: z.boolean() }, response: {} },
  'call:stop-recording': { request: {}, response: {} },
});

/** The extra sender rule of call controls, given the worker's record of trusted frames. */
export function fromTrustedFrame(frames: { isTrustedSender: SenderCheck }): SenderCheck {
  return (sender) => frames.isTrustedSender(sender);
}
