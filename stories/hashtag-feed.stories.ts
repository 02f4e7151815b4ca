import {html} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import '../src/hashtag-feed/define.js';
import {json, pageFetch, scripted} from './support/scripted-server.js';

/**
 * The stories read real files: the recorded Mastodon, Akkoma and Bluesky
 * answers under /fixtures/formats/ and the feed's own samples under
 * /fixtures/feed/ (whose pictures are local). The real recordings' pictures
 * live on the internet, so those stories load none (`no-avatars no-media`).
 * A scripted stand-in for a Mastodon server (below) makes posts arrive live,
 * pages "Load older posts" and fails on cue, so every story works offline.
 */

type Json = Record<string, unknown>;
const SHOWCASE = '/fixtures/feed/mastodon-showcase.json';

let showcase: Promise<Json[]> | undefined;
/** The showcase with its pictures' addresses made absolute (the scripted server is on another origin). */
const loadShowcase = () =>
  (showcase ??= pageFetch(SHOWCASE)
    .then((r) => r.text())
    .then((text) => JSON.parse(text.replaceAll('"images/', `"${new URL('/fixtures/feed/images/', location.href).href}`)) as Json[]));

const NEW_POSTS = [
  'Great turnout for the peer support session this morning!',
  'Slides from the recovery colleges tweetchat are now online.',
  'Carers’ café open all day in the atrium, everyone welcome.',
  'How do we make services easier to reach for young people? Thread below.',
  'Lunchtime walk round the grounds: 12:30 from reception.',
];

/** The showcase's statuses with their times moved so the newest is two minutes old. */
async function recentStatuses(): Promise<Json[]> {
  const statuses = structuredClone(await loadShowcase());
  const shift = Date.now() - 120_000 - Date.parse(statuses[0].created_at as string);
  const move = (s: Json) => {
    s.created_at = new Date(Date.parse(s.created_at as string) + shift).toISOString();
    if (s.reblog) move(s.reblog as Json);
  };
  statuses.forEach(move);
  return statuses;
}

const FIRST_NEW_ID = 200000000000000000n;

/** A status posted just now, as a Mastodon server would send it. */
async function newStatus(n: bigint): Promise<Json> {
  const [template] = await recentStatuses();
  const id = String(n);
  return {
    ...template,
    id,
    created_at: new Date().toISOString(),
    uri: `https://social.example.nhs.uk/users/trustcomms/statuses/${id}`,
    url: `https://social.example.nhs.uk/@trustcomms/${id}`,
    content: `<p>${NEW_POSTS[Number(n % BigInt(NEW_POSTS.length))]} <a href="https://social.example.nhs.uk/tags/nhssmw" class="mention hashtag" rel="tag">#<span>nhssmw</span></a></p>`,
    media_attachments: [],
    emojis: [],
  };
}

/** A Mastodon server whose #nhssmw timeline gains a post at every poll, and pages older posts with its Link header. */
const liveServer = (name: string) =>
  scripted(name, async (_call, url) => {
    const path = `${url.origin}${url.pathname}`;
    if (url.searchParams.has('max_id')) return json([]);
    const minId = url.searchParams.get('min_id');
    if (minId) return json([await newStatus(BigInt(minId) + 1n)]);
    const statuses = await recentStatuses();
    return json([await newStatus(FIRST_NEW_ID), ...statuses], {
      headers: {Link: `<${path}?max_id=${statuses.at(-1)!.id as string}>; rel="next"`, 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '299'},
    });
  });

interface FeedArgs {
  src?: string;
  format?: string;
  instance?: string;
  hashtag?: string;
  refresh?: number;
  layout?: 'list' | 'wall';
  'max-posts'?: number;
  'heading-level'?: number;
  'hide-replies'?: boolean;
  'hide-boosts'?: boolean;
  'hide-sensitive'?: boolean;
  'block-words'?: string;
  'block-accounts'?: string;
  'allow-accounts'?: string;
  languages?: string;
  'no-avatars'?: boolean;
  'no-media'?: boolean;
  theme?: 'light' | 'dark' | 'auto';
  data?: unknown;
}

const meta: Meta<FeedArgs> = {
  title: 'Widgets/Hashtag feed',
  component: 'trust-hashtag-feed',
  args: {hashtag: 'nhssmw'},
  render: (args) => html`<div style=${args.layout === 'wall' ? '' : 'max-inline-size: 40rem'}>
    <trust-hashtag-feed
      src=${ifDefined(args.src)}
      format=${ifDefined(args.format)}
      instance=${ifDefined(args.instance)}
      hashtag=${ifDefined(args.hashtag)}
      refresh=${ifDefined(args.refresh)}
      layout=${ifDefined(args.layout)}
      max-posts=${ifDefined(args['max-posts'])}
      heading-level=${ifDefined(args['heading-level'])}
      ?hide-replies=${args['hide-replies']}
      ?hide-boosts=${args['hide-boosts']}
      ?hide-sensitive=${args['hide-sensitive']}
      block-words=${ifDefined(args['block-words'])}
      block-accounts=${ifDefined(args['block-accounts'])}
      allow-accounts=${ifDefined(args['allow-accounts'])}
      languages=${ifDefined(args.languages)}
      ?no-avatars=${args['no-avatars']}
      ?no-media=${args['no-media']}
      theme=${ifDefined(args.theme)}
      .data=${args.data}
    ></trust-hashtag-feed>
  </div>`,
};
export default meta;

type Story = StoryObj<FeedArgs>;

/** Live from a Mastodon server: a new post every 15 seconds slides in at the top, or waits behind "Show 1 new post" if you have scrolled down; "Load older posts" follows the server's Link header. */
export const Live: Story = {
  args: {instance: liveServer('live'), refresh: 15},
};

/** The venue's big screen: large type in columns, the hashtag as a banner; new posts always appear at once. */
export const Wall: Story = {
  args: {instance: liveServer('wall'), refresh: 15, layout: 'wall', 'heading-level': 1},
};

/** Posts from the showcase with a content warning: collapsed behind "Show post". */
export const ContentWarning: Story = {
  loaders: [async () => ({statuses: await recentStatuses()})],
  render: (args, {loaded}) => meta.render!({...args, format: 'mastodon', data: (loaded.statuses as Json[]).filter((s) => s.spoiler_text)}, {} as never),
};

/** Sensitive pictures are blurred until "Show media". */
export const SensitiveMedia: Story = {
  loaders: [async () => ({statuses: await recentStatuses()})],
  render: (args, {loaded}) => meta.render!({...args, format: 'mastodon', data: (loaded.statuses as Json[]).filter((s) => s.sensitive && !s.spoiler_text)}, {} as never),
};

/** A boost shows the original post with "Boosted by" (and the booster's custom emoji). */
export const Boosts: Story = {
  loaders: [async () => ({statuses: await recentStatuses()})],
  render: (args, {loaded}) => meta.render!({...args, format: 'mastodon', data: (loaded.statuses as Json[]).filter((s) => s.reblog)}, {} as never),
};

/** Our own post format (schemas/post.schema.json), with local pictures. */
export const NativeFormat: Story = {
  args: {src: '/fixtures/feed/native-posts.json'},
};

/** A real Bluesky search answer: links, tags and mentions from facets; four authors who opted out of logged-out viewing are left out. */
export const Bluesky: Story = {
  args: {src: '/fixtures/formats/bluesky-search-posts.json', 'no-avatars': true, 'no-media': true},
};

/** Real Mastodon and Akkoma statuses (TootSDK's fixtures): custom emoji as text in no-media mode, data-tag hashtags, a quote post. */
export const MastodonAndAkkoma: Story = {
  args: {src: '/fixtures/formats/fediverse-statuses-tootsdk.json', format: 'mastodon', 'no-avatars': true, 'no-media': true},
};

/** Moderated: replies and boosts hidden, a word blocklist, Welsh and English only. */
export const Moderated: Story = {
  args: {src: '/fixtures/feed/native-posts.json', 'hide-replies': true, 'hide-boosts': true, 'block-words': 'suicide, self-harm', languages: 'en cy'},
};

/** Privacy mode: no profile pictures and no media are loaded at all. */
export const NoPictures: Story = {
  args: {src: SHOWCASE, 'no-avatars': true, 'no-media': true},
};

export const Dark: Story = {
  args: {src: SHOWCASE, theme: 'dark'},
};

/** No posts with the hashtag yet. */
export const Empty: Story = {
  args: {format: 'native', data: []},
};

/** Waiting for the server's first answer. */
export const Loading: Story = {
  args: {instance: scripted('loading', () => 'never')},
};

/** The file is not there (a 404): a message with Try again. */
export const FileNotFound: Story = {
  args: {src: '/fixtures/feed/no-such-file.json'},
};

/** The server needs a login for its federated timeline (401): the feed falls back to its local posts and says so in the console. */
export const LoginRequired: Story = {
  args: {
    instance: scripted('login', async (_call, url) => (url.searchParams.get('local') === 'true' ? json(await recentStatuses()) : json({error: 'This method requires an authenticated user'}, {status: 401}))),
  },
};

/** A refresh failed after a good load (after 15 s): the posts stay, with a discreet notice. */
export const Stale: Story = {
  args: {instance: scripted('stale', async (call) => (call === 0 ? json(await recentStatuses()) : json({error: 'Bad gateway'}, {status: 502}))), refresh: 15},
};
