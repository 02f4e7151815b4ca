/**
 * The initials avatar shown instead of a photo: up to two letters taken from
 * the speaker's name and a background colour chosen from the name, so the
 * same person always gets the same avatar on every page.
 */

// Courtesy titles and post-nominals are not part of the name people recognise.
const TITLES = /^(dr|prof|professor|mr|mrs|ms|mx|miss|sir|dame|rev|revd|jr|sr|ii|iii|iv|phd|md|dds|obe|mbe|cbe)\.?$/i;
// A letter or digit with the combining marks that belong to it ("E" + U+0301 is one letter).
const LETTER = /[\p{L}\p{N}]\p{M}*/u;

/** The first letter of a word, accents and all, skipping leading punctuation ("@name", "“Tobi”"). */
function firstLetter(word: string): string | undefined {
  return LETTER.exec(word)?.[0];
}

/**
 * "Jane Appleton" → "JA", "Björn Ruytenberg" → "BR", "Dr. Kira Vinke" → "KV",
 * "@pkoerner81929" → "P", "山田太郎" → "山". Empty when the name has no letter at all.
 */
export function initials(name: string, locale: string): string {
  const words = name.split(/\s+/).filter((w) => firstLetter(w) !== undefined);
  const named = words.filter((w) => !TITLES.test(w));
  const use = named.length ? named : words;
  if (use.length === 0) return '';
  const letters = use.length === 1 ? [firstLetter(use[0])] : [firstLetter(use[0]), firstLetter(use[use.length - 1])];
  return letters.join('').toLocaleUpperCase(locale);
}

/**
 * Avatar backgrounds from the NHS.UK colour palette. Each has a contrast
 * ratio of at least 4.5:1 with white initials (tested), so they meet WCAG AA.
 */
export const AVATAR_COLOURS = ['#005eb8', '#003087', '#330072', '#7c2855', '#007f3b', '#4c6272', '#8a1538', '#006747'] as const;

/** A stable index into AVATAR_COLOURS for a name (FNV-1a over its code points). */
export function avatarTone(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % AVATAR_COLOURS.length;
}
