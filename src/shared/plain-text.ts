/**
 * Plain text from untrusted data (names, titles, descriptions), for every
 * format's adapter: control characters removed, whitespace tidied, length
 * bounded without cutting a character in two. Imported only by the lazily
 * loaded adapters, so it is in none of the widgets' main bundles.
 */
import {isRecord, str} from './adapter.js';

// C0/C1 control characters other than tab and line feed, and the BOM.
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/g;

/** Two-letter language keys, as in {"en": "…", "pt_BR": "…"}. */
const LANGUAGE_KEY = /^[a-z]{2}([-_][A-Za-z]{2,4})?$/;

/**
 * Some exports write translatable text as an object of languages
 * ({"en": "Opening", "de": "Eröffnung"}: pretalx forks such as eventyay, the
 * CCC hub's room descriptions). Such text reads as its English, else as its
 * first language that has any; any other value is left as it is.
 */
function translated(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => LANGUAGE_KEY.test(k))) return value;
  return str(value.en) !== undefined ? value.en : Object.values(value).find((v) => str(v) !== undefined);
}

/** One line of plain text: whitespace collapsed, control characters removed, length bounded. */
export function line(value: unknown, max = 500): string | undefined {
  const s = str(translated(value));
  if (!s) return undefined;
  const t = s.replace(/\s+/g, ' ').replace(CONTROL, '').trim();
  return t ? clip(t, max) : undefined;
}

/** Multi-line plain text: line breaks normalised, paragraphs kept, length bounded. */
export function text(raw: unknown, max = 20_000): string | undefined {
  const value = translated(raw);
  if (typeof value !== 'string') return undefined;
  const t = value
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return t ? clip(t, max) : undefined;
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  // Do not cut a surrogate pair in half.
  const end = /[\ud800-\udbff]/.test(s[max - 2] ?? '') ? max - 2 : max - 1;
  return s.slice(0, end) + '…';
}
