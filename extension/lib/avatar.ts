/**
 * The avatar every call surface shows next to a caller's name: initials on a colour derived from
 * the user id. A display name can be copied by anyone; the id cannot, so two users with the same
 * name get (almost always) different colours, and the `@username` beside it tells them apart.
 */

/** What an avatar needs to know about a user (a `User` or `Contact` from the protocol fits). */
export interface AvatarUser {
  id: string;
  username: string;
  displayName: string;
}

export interface Avatar {
  /** One or two letters, upper case. */
  initials: string;
  /** A `#rrggbb` background on which white text has a contrast ratio of at least `minContrast`. */
  background: string;
}

/** WCAG AA for normal text: the initials are small. */
export const minContrast = 4.5;

/** The avatar of `user`: the same id always gives the same colour. */
export function avatarFor(user: AvatarUser): Avatar {
  const hue = hashString(user.id) % 360;
  let lightness = 46;
  let background = hslToHex(hue, 62, lightness);
  // Yellows and greens are bright at any lightness: darken until white text reads on them.
  while (contrastWithWhite(background) < minContrast && lightness > 10) {
    lightness -= 2;
    background = hslToHex(hue, 62, lightness);
  }
  return { initials: initialsOf(user), background };
}

/** First letter of the first and last word of the display name; the username's when it has none. */
export function initialsOf(user: Pick<AvatarUser, 'username' | 'displayName'>): string {
  const words = user.displayName.split(/\s+/).map(firstLetter).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  const initials = letters.join('') || firstLetter(user.username) || '?';
  return initials.toLocaleUpperCase();
}

/** The first letter or digit of a word (skipping punctuation, emoji and invisible characters). */
function firstLetter(word: string): string {
  return /[\p{L}\p{N}]/u.exec(word)?.[0] ?? '';
}

/** FNV-1a, 32 bit: small, stable across runs and browsers. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** WCAG contrast ratio of white text on a `#rrggbb` background. */
export function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const value = parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (luminance + 0.05);
}
