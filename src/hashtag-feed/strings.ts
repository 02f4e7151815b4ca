import {commonStrings, type CommonStrings} from '../shared/strings.js';

/** The feed's UI text (British English). Counts arrive as numbers and as Intl-formatted text. */
export interface FeedStrings extends CommonStrings {
  /** The heading above the feed (list layout). */
  heading: (tag: string | undefined) => string;
  /** The banner of the wall layout. */
  banner: (tag: string | undefined) => string;
  emptyFeed: (tag: string | undefined) => string;
  /** Said by the live region when posts arrive. */
  newPosts: (count: number, formatted: string) => string;
  showNewPosts: (count: number, formatted: string) => string;
  boostedBy: string;
  reply: string;
  /** The label of a post the trust's moderators pinned to the top. */
  pinned: string;
  contentWarning: string;
  showPost: string;
  hidePost: string;
  sensitiveMedia: string;
  showMedia: string;
  hideMedia: string;
  noDescription: string;
  moreMedia: (count: number, formatted: string) => string;
  videoFallback: string;
  /** A video that cannot be played here, linked to its post. */
  watchVideo: (description: string | undefined) => string;
  quoting: string;
  /** The time link's hidden suffix, e.g. ", 24 Oct 2016, 09:00". */
  postedAt: (absolute: string) => string;
  via: (network: string) => string;
  networks: Record<string, string>;
  loadOlder: string;
  loadingOlder: string;
  olderLoaded: (count: number, formatted: string) => string;
  noOlder: string;
  olderFailed: string;
  /** One quiet line when a source of the feed has been failing for a while: networks already joined ("Bluesky and Mastodon"), the time, and the day when not today. */
  notUpdated: (networks: string, time: string, day: string | undefined) => string;
}

const posts = (count: number, formatted: string) => `${formatted} new ${count === 1 ? 'post' : 'posts'}`;

export const feedStrings: FeedStrings = {
  ...commonStrings,
  heading: (tag) => (tag ? `Posts with #${tag}` : 'Social media posts'),
  banner: (tag) => (tag ? `#${tag}` : 'Social media posts'),
  emptyFeed: (tag) => (tag ? `No posts with #${tag} yet.` : 'No posts yet.'),
  newPosts: posts,
  showNewPosts: (count, formatted) => `Show ${posts(count, formatted)}`,
  boostedBy: 'Boosted by',
  reply: 'Reply',
  pinned: 'Pinned',
  contentWarning: 'Content warning:',
  showPost: 'Show post',
  hidePost: 'Hide post',
  sensitiveMedia: 'Sensitive media',
  showMedia: 'Show media',
  hideMedia: 'Hide media',
  noDescription: 'Image without a description',
  moreMedia: (count, formatted) => `${formatted} more ${count === 1 ? 'attachment' : 'attachments'} on the original post`,
  videoFallback: 'This video cannot be played here. Open the original post to watch it.',
  watchVideo: (description) => `Video${description ? `: ${description}` : ''}. Watch it on the original post.`,
  quoting: 'Quoting',
  postedAt: (absolute) => `, ${absolute}`,
  via: (network) => `on ${network}`,
  networks: {mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X'},
  loadOlder: 'Load older posts',
  loadingOlder: 'Loading older posts…',
  olderLoaded: (count, formatted) => `${formatted} older ${count === 1 ? 'post' : 'posts'} loaded.`,
  noOlder: 'There are no older posts.',
  olderFailed: 'Older posts could not be loaded. Please try again.',
  notUpdated: (networks, time, day) => `Posts from ${networks} not updated since ${day ? `${day}, ` : ''}${time}`,
};
