/**
 * The formats `<trust-hashtag-feed>` reads, by the name the `format` attribute
 * takes. Each adapter is loaded only when its format is used (a page showing a
 * Mastodon timeline never downloads the Bluesky code); the detectors are small
 * and stay in the widget's bundle.
 */
import {lazyFormat, type FormatMap} from '../../shared/adapter.js';
import type {Feed} from '../model.js';
import {detectBluesky, detectMastodon, detectNative} from './detect.js';

export const mastodon = lazyFormat<Feed>('json', detectMastodon, async () => (await import('./mastodon.js')).adaptMastodon);
export const bluesky = lazyFormat<Feed>('json', detectBluesky, async () => (await import('./bluesky.js')).adaptBluesky);
export const native = lazyFormat<Feed>('json', detectNative, async () => (await import('./native.js')).adaptNative);

export const feedFormats: FormatMap<Feed> = {mastodon, bluesky, native};
