/**
 * A message key with its substitutions, for pure code that decides what to say but cannot call
 * the browser (unit-tested without chrome.i18n), and the one place that turns it into words.
 */
import { i18n } from '#i18n';
import type { GeneratedI18nStructure } from '#i18n';

export type MessageKey = keyof GeneratedI18nStructure;

export interface Message {
  key: MessageKey;
  values?: string[];
}

/** The words for `message` in the browser's language. */
export function translate(message: Message): string {
  // The generated types split keys by their number of placeholders; a Message carries its own.
  return (i18n.t as (key: string, values: string[]) => string)(message.key, message.values ?? []);
}
