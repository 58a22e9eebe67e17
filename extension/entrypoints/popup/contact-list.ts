/** How the popup orders and filters contacts: reachable people first, then by name. */
import type { Contact, Presence } from '../../../protocol';

const presenceRank: Record<Presence, number> = { online: 0, busy: 1, dnd: 2, offline: 3 };

/** Above this many contacts the popup offers a filter box. */
export const filterThreshold = 5;

/** Online, busy, do not disturb, offline; within each, by display name in the user's language. */
export function sortContacts(contacts: readonly Contact[], locale?: string): Contact[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...contacts].sort(
    (a, b) =>
      presenceRank[a.presence] - presenceRank[b.presence] ||
      collator.compare(a.displayName, b.displayName) ||
      collator.compare(a.username, b.username),
  );
}

/** Contacts whose display name or username contains `query` (case and accents ignored). */
export function filterContacts(contacts: readonly Contact[], query: string): Contact[] {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const wanted = fold(query.trim().replace(/^@/, ''));
  if (!wanted) return [...contacts];
  return contacts.filter(
    (contact) => fold(contact.displayName).includes(wanted) || fold(contact.username).includes(wanted),
  );
}
