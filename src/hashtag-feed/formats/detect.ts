/**
 * Recognising each format from its content, for `src` files without a
 * `format` attribute. Small, so they stay in the widget's bundle while the
 * adapters load only when their format is used. At most one says yes to any
 * payload (an empty list is a Mastodon timeline with no posts yet).
 */
import {isRecord} from '../../shared/adapter.js';

/** A Mastodon Status entity (also Akkoma's and Pleroma's). */
export function isStatus(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && isRecord(value.account) && 'content' in value && 'created_at' in value;
}

/** A Bluesky app.bsky.feed.defs#postView. */
export function isPostView(value: unknown): boolean {
  return isRecord(value) && typeof value.uri === 'string' && value.uri.startsWith('at://') && isRecord(value.record);
}

/** A post in our own format (schemas/post.schema.json). */
export function isNativePost(value: unknown): boolean {
  return isRecord(value) && 'created' in value && isRecord(value.author) && !('account' in value) && !('record' in value);
}

export function detectMastodon(raw: unknown): boolean {
  return Array.isArray(raw) && (raw.length === 0 || isStatus(raw[0]));
}

export function detectBluesky(raw: unknown): boolean {
  if (!isRecord(raw)) return false;
  if (Array.isArray(raw.posts)) return raw.posts.length === 0 ? 'cursor' in raw : isPostView(raw.posts[0]);
  return Array.isArray(raw.feed) && (raw.feed.length === 0 || (isRecord(raw.feed[0]) && isPostView(raw.feed[0].post)));
}

export function detectNative(raw: unknown): boolean {
  if (Array.isArray(raw)) return raw.length > 0 && isNativePost(raw[0]);
  if (!isRecord(raw)) return false;
  if (typeof raw.$schema === 'string' && /(^|\/)post\.schema\.json(#.*)?$/.test(raw.$schema)) return true;
  return Array.isArray(raw.posts) && raw.posts.length > 0 && isNativePost(raw.posts[0]);
}
