import {isRecord} from '../../src/shared/adapter.js';

/** The DID a Jetstream message starts with, read without parsing the whole message. */
const DID = /^\{"did":"([^"]+)"/;

/**
 * Whether a Bluesky post carries the feed's hashtag: a tag facet, a `tags`
 * entry, or `#tag` as a whole word in its text, in any case (so not
 * `#NelftSoMeWeekend`, nor the bare word). Used on Jetstream's records and on
 * searchPosts' results (which also find the bare word). `mayMatter` is the
 * stream's first test: most messages are rejected by it, unparsed.
 */
export class HashtagFilter {
  readonly #tag: string;
  readonly #inText: RegExp;

  constructor(hashtag: string) {
    this.#tag = hashtag.toLowerCase();
    this.#inText = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])#${this.#tag}(?![\\p{L}\\p{M}\\p{N}_])`, 'iu');
  }

  /** Whether a post record carries the tag: a tag facet, a `tags` entry, or `#tag` as a whole word in its text. */
  carries(record: Record<string, unknown>): boolean {
    if (Array.isArray(record.facets)) {
      for (const facet of record.facets) {
        if (!isRecord(facet) || !Array.isArray(facet.features)) continue;
        for (const f of facet.features) {
          if (isRecord(f) && f.$type === 'app.bsky.richtext.facet#tag' && typeof f.tag === 'string' && f.tag.replace(/^#/, '').toLowerCase() === this.#tag) return true;
        }
      }
    }
    if (Array.isArray(record.tags) && record.tags.some((t) => typeof t === 'string' && t.replace(/^#/, '').toLowerCase() === this.#tag)) return true;
    return typeof record.text === 'string' && this.#inText.test(record.text);
  }

  /** A raw message that might concern the feed: it mentions the tag, or comes from an account whose posts are published. */
  mayMatter(raw: string, knownDids: ReadonlySet<string>): boolean {
    if (raw.toLowerCase().includes(this.#tag)) return true;
    const did = DID.exec(raw)?.[1];
    return did !== undefined && knownDids.has(did);
  }
}

