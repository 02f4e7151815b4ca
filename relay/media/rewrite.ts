/**
 * A published post's pictures, as relay/native-json.ts's nativePost writes
 * them: author.avatar and author.emojis[].url, boostedBy likewise, emojis[].url,
 * media[].url and media[].previewUrl, card.image, and the quoted post's own.
 * `rewritePost` puts the relay's own URL in place of every picture that is
 * stored and REMOVES every one that is not (yet): readers must never be sent
 * to a platform for a picture. Links (the post's, the author's, the card's,
 * those in `html`) stay as they are: a link is followed only if a reader
 * chooses to, it fetches nothing by itself.
 *
 * What is removed, and what stays:
 * - an avatar: removed (the widget shows the name's initial);
 * - a custom emoji: removed from `emojis` (its `:code:` stays as text);
 * - a picture (type image): `url` and `previewUrl` each rewritten; when only
 *   the preview is stored, it stands in for the full-size one too; when
 *   neither is, the item stays with its `alt`, `width` and `height` but no
 *   URL, so its alt text is still there to be read;
 * - a video, gifv or audio: its `url` is never fetched (the proxy serves
 *   pictures only) and so removed; its poster frame (`previewUrl`) is
 *   rewritten or removed as a picture; `alt` stays;
 * - a link card's image: removed (the card stays, as text and link).
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** Which kind of picture a URL is, for the order of fetching: avatars and what a post shows first. */
export type PictureKind = 'avatar' | 'preview' | 'picture' | 'card' | 'emoji';

/** Every picture URL a native post uses (its quote's included), most visible first, once each. */
export function pictureUrls(post: Json): Array<{url: string; kind: PictureKind}> {
  const found = new Map<string, PictureKind>();
  const add = (value: unknown, kind: PictureKind) => {
    const url = str(value);
    if (url && !found.has(url)) found.set(url, kind);
  };
  const visit = (p: Json) => {
    const people = [p.author, p.boostedBy].filter(isRecord);
    for (const a of people) add(a.avatar, 'avatar');
    const media = Array.isArray(p.media) ? p.media.filter(isRecord) : [];
    for (const m of media) add(m.previewUrl, 'preview');
    for (const m of media) if ((m.type ?? 'image') === 'image') add(m.url, 'picture');
    if (isRecord(p.card)) add(p.card.image, 'card');
    for (const list of [p.emojis, ...people.map((a) => a.emojis)]) {
      if (Array.isArray(list)) for (const e of list) if (isRecord(e)) add(e.url, 'emoji');
    }
    if (isRecord(p.quote)) visit(p.quote);
  };
  visit(post);
  return [...found].map(([url, kind]) => ({url, kind}));
}

/**
 * The post with each picture URL replaced by `local(url)` (the relay's URL
 * for it), or removed when `local` gives undefined. Returns a new object;
 * the input is not changed.
 */
export function rewritePost(post: Json, local: (url: string) => string | undefined): Json {
  const out: Json = {...post};
  const person = (value: unknown): Json | undefined => {
    if (!isRecord(value)) return undefined;
    const a: Json = {...value};
    const avatar = str(a.avatar) && local(a.avatar as string);
    if (avatar) a.avatar = avatar;
    else delete a.avatar;
    if (Array.isArray(a.emojis)) a.emojis = emojis(a.emojis);
    if (Array.isArray(a.emojis) && a.emojis.length === 0) delete a.emojis;
    return a;
  };
  const emojis = (list: unknown[]): Json[] =>
    list.filter(isRecord).flatMap((e) => {
      const url = str(e.url) && local(e.url as string);
      return url ? [{...e, url}] : [];
    });
  if (out.author !== undefined) out.author = person(out.author);
  if (out.boostedBy !== undefined) out.boostedBy = person(out.boostedBy);
  if (Array.isArray(out.emojis)) {
    out.emojis = emojis(out.emojis);
    if ((out.emojis as Json[]).length === 0) delete out.emojis;
  }
  if (Array.isArray(out.media)) {
    out.media = out.media.filter(isRecord).map((m) => {
      const item: Json = {...m};
      const preview = str(m.previewUrl) && local(m.previewUrl as string);
      const image = (m.type ?? 'image') === 'image';
      const full = image && str(m.url) ? local(m.url as string) : undefined;
      delete item.url;
      delete item.previewUrl;
      if (full ?? (image && preview)) item.url = full ?? preview;
      if (preview) item.previewUrl = preview;
      return item;
    });
  }
  if (isRecord(out.card)) {
    const card: Json = {...out.card};
    const image = str(card.image) && local(card.image as string);
    if (image) card.image = image;
    else delete card.image;
    out.card = card;
  }
  if (isRecord(out.quote)) out.quote = rewritePost(out.quote, local);
  return out;
}

/**
 * The prefix of the relay's media URLs in a published file.
 *
 * With `publicBase` (the relay's public origin, or wherever out/media is
 * served from, e.g. a CDN: "https://relay.trust.nhs.uk"), absolute:
 * "https://relay.trust.nhs.uk/media/". Without it, relative to the file
 * itself ("../media/" from "feeds/week.json"): the widgets resolve a native
 * file's URLs against the file's own URL, so this is right wherever the
 * relay's files are served from, as long as media/ is served beside them
 * (same origin and folder as feeds/ and counters/, which is how `serve` and
 * a static copy of `out` both lay them out). Relative is the default.
 */
export function mediaBase(documentPath: string, publicBase?: string): string {
  if (publicBase) return `${publicBase.replace(/\/+$/, '')}/media/`;
  const depth = documentPath.split('/').length - 1;
  return `${'../'.repeat(depth)}media/`;
}
