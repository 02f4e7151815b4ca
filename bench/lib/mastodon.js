// Mastodon API responses for the bench's emulated server, built from the real
// recorded response in test/fixtures/formats so that every status has exactly
// the shape a Mastodon 4.x server sends; only the values vary.
import {readFileSync} from 'node:fs';

const fixtures = new URL('../../test/fixtures/formats/', import.meta.url);
const readJson = (name) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

const [statusTemplate] = readJson('mastodon-tag-timeline.json');
const accountTemplate = readJson('mastodon-account-lookup.json');
const RECORDED_ORIGIN = 'http://localhost:3000';

export const BENCH_ACCOUNT = 'trustcomms';
export const BENCH_ACCOUNT_ID = '109000000000000001';
const FIRST_STATUS_ID = 117020593741189701n;
const NEWEST_AT = Date.parse('2016-10-24T12:00:00Z');

const SENTENCES = [
  'Join us at the Maudsley centre for a workshop on digital wellbeing.',
  'Great turnout for the morning session on peer support networks!',
  'Slides from the tweetchat on recovery colleges are now online.',
  'Our chief nurse is talking about compassionate leadership at 2pm.',
  'Carers’ café open all day in the atrium — everyone welcome.',
  'Thank you to everyone who asked questions in the Q&A.',
  'How do we make services easier to reach for young people? Thread below.',
  'Lunchtime walk round the grounds: 12:30 from reception.',
];

/** Replaces the recorded server's origin with ours, everywhere in a JSON value. */
function rehome(value, origin) {
  return JSON.parse(JSON.stringify(value).replaceAll(RECORDED_ORIGIN, origin));
}

function account(i, origin) {
  const id = (109000000000000100n + BigInt(i % 12)).toString();
  const username = `member${i % 12}`;
  return {
    ...structuredClone(statusTemplate.account),
    id,
    username,
    acct: username,
    display_name: i % 12 === 5 ? '' : `Member ${i % 12} of staff`,
    url: `${origin}/@${username}`,
    uri: `${origin}/ap/users/${id}`,
    avatar: `${origin}/bench-api/avatar/${i % 12}.png`,
    avatar_static: `${origin}/bench-api/avatar/${i % 12}.png`,
  };
}

/** Status number `i` (0 is the newest) of the hashtag timeline. */
export function status(i, origin, tag = 'bench') {
  const id = (FIRST_STATUS_ID - BigInt(i) * 1000n).toString();
  const base = rehome(statusTemplate, origin);
  const text = SENTENCES[i % SENTENCES.length];
  const tagLink = `<a href="${origin}/tags/${tag}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`;
  const acct = account(i, origin);
  return {
    ...base,
    id,
    created_at: new Date(NEWEST_AT - i * 120_000).toISOString(),
    language: 'en',
    uri: `${origin}/ap/users/${acct.id}/statuses/${id}`,
    url: `${origin}/@${acct.username}/${id}`,
    content: `<p>${text} ${tagLink} (post ${i + 1})</p>`,
    account: acct,
    tags: [{name: tag, url: `${origin}/tags/${tag}`}],
  };
}

/**
 * A page of the timeline as Mastodon pages it: newest first, at most `limit`
 * (default 20, capped at 40), older than `max_id`, newer than `min_id`/`since_id`.
 * The bench timeline holds `total` statuses and never grows.
 */
export function timelinePage(query, origin, {total = 40, tag = 'bench'} = {}) {
  const limit = Math.min(40, Math.max(1, Number(query.get('limit')) || 20));
  const maxId = idParam(query, 'max_id');
  const minId = idParam(query, 'min_id') ?? idParam(query, 'since_id');
  const statuses = [];
  for (let i = 0; i < total && statuses.length < limit; i++) {
    const id = FIRST_STATUS_ID - BigInt(i) * 1000n;
    if (maxId !== undefined && id >= maxId) continue;
    if (minId !== undefined && id <= minId) break;
    statuses.push(status(i, origin, tag));
  }
  return statuses;
}

function idParam(query, name) {
  const value = query.get(name);
  return value && /^\d+$/.test(value) ? BigInt(value) : undefined;
}

/** The Link header Mastodon sends with a timeline page. */
export function linkHeader(path, statuses, origin) {
  if (statuses.length === 0) return undefined;
  const last = statuses.at(-1).id;
  const first = statuses[0].id;
  return `<${origin}${path}?max_id=${last}>; rel="next", <${origin}${path}?min_id=${first}>; rel="prev"`;
}

export function benchAccount(origin) {
  return {
    ...rehome(accountTemplate, origin),
    id: BENCH_ACCOUNT_ID,
    username: BENCH_ACCOUNT,
    acct: BENCH_ACCOUNT,
    display_name: 'Trust communications',
    url: `${origin}/@${BENCH_ACCOUNT}`,
    uri: `${origin}/ap/users/${BENCH_ACCOUNT_ID}`,
    followers_count: 1234,
    locked: false,
  };
}

/** The rate-limit headers Mastodon sends on every API response. */
export function rateLimitHeaders() {
  return {
    'x-ratelimit-limit': '300',
    'x-ratelimit-remaining': '299',
    'x-ratelimit-reset': new Date(Date.now() + 5 * 60_000).toISOString(),
  };
}
