import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../protocol';
import { filterContacts, sortContacts } from './contact-list';

const contact = (username: string, displayName: string, presence: Contact['presence']): Contact => ({
  id: `id-${username}`,
  username,
  displayName,
  presence,
});
const zoe = contact('zoe', 'Zoë Zimmer', 'online');
const ann = contact('ann', 'ann Abbott', 'offline');
const bob = contact('bob', 'Bob Baker', 'online');
const dan = contact('dan', 'Dan Dnd', 'dnd');
const cat = contact('cat', 'Cat Busy', 'busy');

describe('sortContacts', () => {
  it('puts online first, then busy, do not disturb and offline, each by name', () => {
    expect(sortContacts([ann, zoe, dan, cat, bob], 'en').map((c) => c.username)).toEqual([
      'bob',
      'zoe',
      'cat',
      'dan',
      'ann',
    ]);
  });
  it('does not reorder the list it was given', () => {
    const list = [zoe, bob];
    sortContacts(list, 'en');
    expect(list).toEqual([zoe, bob]);
  });
});

describe('filterContacts', () => {
  it('matches the display name or @username, ignoring case and accents', () => {
    expect(filterContacts([zoe, bob, ann], 'zoe')).toEqual([zoe]);
    expect(filterContacts([zoe, bob, ann], 'ABB')).toEqual([ann]);
    expect(filterContacts([zoe, bob, ann], '@bob')).toEqual([bob]);
  });
  it('keeps everyone for an empty query', () => {
    expect(filterContacts([zoe, bob], '  ')).toEqual([zoe, bob]);
  });
});
