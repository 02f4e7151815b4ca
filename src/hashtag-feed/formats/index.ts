import type {FormatMap} from '../../shared/adapter.js';
import type {Feed} from '../model.js';
import {bluesky} from './bluesky.js';
import {mastodon} from './mastodon.js';
import {native} from './native.js';

/** The formats `<trust-hashtag-feed>` reads, by the name the `format` attribute takes. */
export const feedFormats: FormatMap<Feed> = {mastodon, bluesky, native};

export {bluesky, mastodon, native};
