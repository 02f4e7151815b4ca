/**
 * Generates the demo week from the event file: about 300 posts timed to the
 * schedule (announcements before sessions, people posting during them, busy
 * tweetchats) and the trust's follower count minute by minute.
 *
 * Everything comes from a seeded random generator, so the same event file
 * always gives the same week: no network, no real time, no surprises.
 */
import {ACCOUNTS, CUSTOM_EMOJIS, MEDIA, TRUST_USERNAME} from './week-accounts.js';
import {WEEK_END} from './replay-clock.js';
import {AMBIENT_POSTS, ANNOUNCEMENTS, BOT_TIPS, FIXED_POSTS, REACTIONS, SESSION_POSTS, TWEETCHATS, TWEETCHAT_LINES} from './week-script.js';

export const EVENT_HASHTAG = 'NelftSoMeWeek';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** mulberry32: a small, well-distributed seeded generator. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    shuffle: (list) => {
      const copy = [...list];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
}

/** Minutes the zone is ahead of UTC at an instant. */
const wallClocks = new Map();

function zoneOffsetMinutes(ms, timeZone) {
  if (!wallClocks.has(timeZone)) {
    const options = {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'};
    wallClocks.set(timeZone, new Intl.DateTimeFormat('en-GB', options));
  }
  const parts = wallClocks.get(timeZone).formatToParts(ms);
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(ms / SECOND) * SECOND) / MINUTE);
}

/** A wall-clock time without offset ("2016-10-24T10:00:00") in `timeZone`, as epoch milliseconds. */
export function zonedTime(wall, timeZone) {
  const asUtc = Date.parse(`${wall}Z`);
  const guess = asUtc - zoneOffsetMinutes(asUtc, timeZone) * MINUTE;
  return asUtc - zoneOffsetMinutes(guess, timeZone) * MINUTE;
}

/** Mastodon-style ids: milliseconds since the epoch in the high bits, so ids grow with time. */
export function snowflake(ms, low16) {
  return ((BigInt(Math.floor(ms)) << 16n) | BigInt(low16 & 0xffff)).toString();
}

const ENTITY =
  /(https?:\/\/[^\s<>"]*[^\s<>".,:;!?)'])|(?<![\w@/])@([A-Za-z0-9_]+)(?:@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+))?|(?<![\w#&/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)|:([A-Za-z0-9_]{2,}):/gu;

/**
 * Splits post text into text, links, mentions, hashtags and custom emoji, the
 * way Mastodon's formatter sees them. Unknown accounts and emoji stay text.
 */
export function tokenize(text, findAccount) {
  const tokens = [];
  let last = 0;
  const pushText = (value) => {
    if (value) tokens.push({type: 'text', text: value});
  };
  for (const match of text.matchAll(ENTITY)) {
    const [whole, url, username, domain, tag, emoji] = match;
    let token;
    if (url) token = {type: 'url', url};
    else if (username) {
      const account = findAccount(username, domain);
      if (account) token = {type: 'mention', account};
    } else if (tag) token = {type: 'tag', name: tag};
    else if (emoji && CUSTOM_EMOJIS[emoji]) token = {type: 'emoji', code: emoji};
    if (!token) continue;
    pushText(text.slice(last, match.index));
    tokens.push(token);
    last = match.index + whole.length;
  }
  pushText(text.slice(last));
  return tokens;
}

/** Looks an account up by username and, for remote accounts, domain. */
export function accountFinder(accounts) {
  return (username, domain) =>
    accounts.find((a) => a.username.toLowerCase() === username.toLowerCase() && (!domain || a.domain === domain.toLowerCase()));
}

/**
 * @param {object} event the native event JSON (demo/data/social-media-week.json)
 */
export function generateWeek(event, {seed = 20161024} = {}) {
  const random = seededRandom(seed);
  const timeZone = event.event.timeZone;
  const rooms = new Map(event.rooms.map((r) => [r.id, r.name]));
  const sessions = event.sessions.map((s) => ({...s, startMs: zonedTime(s.start, timeZone), endMs: zonedTime(s.end, timeZone)}));

  const accounts = ACCOUNTS.map((a) => ({
    ...a,
    id: snowflake(Date.parse(`${a.created}T00:00:00Z`), random.int(0, 0xffff)),
    acct: a.domain ? `${a.username}@${a.domain}` : a.username,
  }));
  const findAccount = accountFinder(accounts);
  const byName = (username) => findAccount(username) ?? fail(`No demo account ${username}`);
  const trust = byName(TRUST_USERNAME);
  const people = (kinds) => accounts.filter((a) => a.kinds.some((k) => kinds.includes(k)) && !a.kinds.includes('trust') && !a.bot);
  const audienceOf = (session) => {
    const kinds = new Set();
    for (const group of session.audience ?? ['Staff', 'Public']) {
      if (group === 'Staff') kinds.add('staff').add('student').add('partner');
      if (group === 'Public') kinds.add('public').add('partner');
      if (group === 'Carers') kinds.add('carer');
    }
    return people([...kinds]);
  };

  const clockTime = new Intl.DateTimeFormat('en-GB', {timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});
  const timeLabel = (ms) => clockTime.format(ms);
  const tagVariant = () => {
    const roll = random.next();
    return roll < 0.88 ? `#${EVENT_HASHTAG}` : roll < 0.96 ? `#${EVENT_HASHTAG.toLowerCase()}` : '#NELFTSoMeWeek';
  };
  const fill = (template, values = {}, replyTo) =>
    template.replace(/\{(@?[\w]+)\}/g, (_, key) => {
      if (key === 'tag') return tagVariant();
      if (key === '@to') return `@${replyTo.account.acct}`;
      if (key.startsWith('@')) return `@${byName(key.slice(1)).acct}`;
      if (!(key in values)) fail(`No value for {${key}} in "${template}"`);
      return String(values[key]);
    });

  const drafts = [];
  const add = (at, account, text, extra = {}) => {
    const draft = {at: Math.round(at) + random.int(0, 999), account, text, media: [], spoiler: '', sensitive: false, ...extra};
    drafts.push(draft);
    return draft;
  };
  const reply = (at, account, template, to) => add(at, account, fill(template, {}, {account: to.account}), {replyTo: to});

  // Posts written for a moment: photos, content warnings, the week's bookends.
  const announced = new Set();
  for (const p of FIXED_POSTS) {
    if (p.announces) announced.add(p.announces);
    add(zonedTime(p.at, timeZone), byName(p.account), fill(p.text), {
      media: p.media ?? [],
      spoiler: p.spoiler ?? '',
      sensitive: Boolean(p.sensitive),
    });
  }

  // The trust's morning programme and evening thanks, each day.
  const days = [...new Set(sessions.map((s) => s.start.slice(0, 10)))].sort();
  days.forEach((day, index) => {
    const today = sessions.filter((s) => s.start.startsWith(day) && !s.service);
    const programme = today.map((s) => `${timeLabel(s.startMs)} ${s.title}${s.status === 'cancelled' ? ' (cancelled)' : ''}`).join('\n');
    add(zonedTime(`${day}T08:40:00`, timeZone), trust, fill(ANNOUNCEMENTS.morning, {n: index + 1, programme}));
    add(zonedTime(`${day}T17:20:00`, timeZone), trust, fill(ANNOUNCEMENTS.evening, {n: index + 1}));
    if (index === 0) add(zonedTime(`${day}T09:05:00`, timeZone), trust, fill(ANNOUNCEMENTS.programmeLink));
  });

  // Announcements, then people posting from the room.
  for (const session of sessions) {
    if (session.service) continue;
    const values = {title: session.title, time: timeLabel(session.startMs), room: rooms.get(session.room) ?? session.location, note: session.statusNote ?? ''};
    const day = session.start.slice(0, 10);
    if (session.status === 'cancelled') {
      add(zonedTime(`${day}T08:50:00`, timeZone), trust, fill(ANNOUNCEMENTS.cancelled, values));
      continue;
    }
    if (session.status === 'moved') add(zonedTime(`${day}T08:55:00`, timeZone), trust, fill(ANNOUNCEMENTS.moved, values));
    if (session.status === 'full') add(session.startMs - random.int(150, 200) * MINUTE, trust, fill(ANNOUNCEMENTS.full, values));
    if (!announced.has(session.id)) {
      const template =
        session.type === 'Tweetchat' ? ANNOUNCEMENTS.tweetchat : session.type === 'Lecture' ? ANNOUNCEMENTS.lecture : random.pick(ANNOUNCEMENTS.upcoming);
      const lead = session.type === 'Tweetchat' ? random.int(60, 90) : random.int(25, 45);
      add(session.startMs - lead * MINUTE, trust, fill(template, values));
    }

    const script = TWEETCHATS[session.id];
    if (script) {
      addTweetchat(session, script, audienceOf(session));
      continue;
    }
    const lines = SESSION_POSTS[session.id] ?? [];
    const posters = random.shuffle(audienceOf(session));
    const duration = session.endMs - session.startMs;
    lines.forEach((line, i) => {
      const at = session.startMs + ((i + 0.2 + random.next() * 0.7) / lines.length) * duration;
      add(at, posters[i % posters.length], fill(line));
    });
  }

  function addTweetchat(session, script, participants) {
    const start = session.startMs;
    add(start + random.int(0, 40) * SECOND, trust, fill(TWEETCHAT_LINES.welcome, {topic: script.topic}));
    const boosted = session.id.startsWith('mon') || session.id.startsWith('thu');
    script.questions.forEach(({q, answers}, i) => {
      const asked = start + (5 + 11 * i) * MINUTE + random.int(0, 30) * SECOND;
      add(asked, trust, fill(TWEETCHAT_LINES.question, {n: i + 1, q}));
      const answerers = random.shuffle(participants);
      answers.forEach((a, j) => {
        const answer = add(asked + random.int(40, 9 * 60) * SECOND, answerers[j % answerers.length], fill(TWEETCHAT_LINES.answer, {n: i + 1, a}));
        if (random.chance(0.3)) {
          const replier = random.pick(participants.filter((p) => p !== answer.account));
          reply(answer.at + random.int(60, 240) * SECOND, replier, random.pick(REACTIONS), answer);
        }
        if (boosted && j === 0 && (i === 1 || i === 3)) add(answer.at + random.int(60, 180) * SECOND, trust, '', {reblogOf: answer});
      });
    });
    for (const [question, answer] of script.publicQuestions ?? []) {
      const asker = random.pick(people(['public', 'carer']));
      const asked = add(start + random.int(8, 48) * MINUTE, asker, fill(question));
      reply(asked.at + random.int(2, 5) * MINUTE, trust, answer, asked);
    }
    const close = script.publicQuestions ? TWEETCHAT_LINES.closePublic : TWEETCHAT_LINES.close;
    add(start + 57 * MINUTE + random.int(0, 60) * SECOND, trust, fill(close));
  }

  // People following along through the day, and the tips bot.
  const ambient = random.shuffle(AMBIENT_POSTS);
  const followers = people(['staff', 'student', 'carer', 'public', 'partner']);
  const tipsBot = accounts.find((a) => a.bot);
  days.forEach((day, index) => {
    // Afternoons and evenings, when people have a moment to read and post.
    const afternoon = zonedTime(`${day}T12:00:00`, timeZone);
    for (const line of ambient.splice(0, Math.ceil(AMBIENT_POSTS.length / days.length))) {
      add(afternoon + random.int(0, 10 * 60) * MINUTE, random.pick(followers), fill(line));
    }
    if (BOT_TIPS[index]) add(afternoon - random.int(60, 180) * MINUTE, tipsBot, fill(BOT_TIPS[index]));
  });

  // Someone boosts the trust's lecture announcement.
  const lectureNotice = drafts.find((d) => d.account === trust && d.text.includes('The good, the bad and the ugly') && !d.media.length);
  if (lectureNotice) add(lectureNotice.at + 7 * MINUTE, byName('sam_ellery'), '', {reblogOf: lectureNotice});

  const posts = finalise(drafts, random, findAccount, trust);
  const followerCurve = createFollowerCurve(sessions, timeZone, random);
  // Bluesky has its own generator, so the Mastodon week stays what it was.
  const bluesky = blueskyWeek(posts, accounts, trust, sessions, timeZone, seededRandom(seed + 1));
  return {accounts, trust, posts, ...followerCurve, bluesky};
}

/** Of the posts Bluesky can carry as they are, the share that its users post there rather than on Mastodon. */
const BLUESKY_SHARE = 0.6;
/** Bluesky counts a post's length in graphemes and allows 300. */
const BLUESKY_MAX_LENGTH = 300;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * The week on Bluesky. Some accounts are on Bluesky too (`bluesky` in
 * week-accounts.js); of their posts, a share of those Bluesky can carry as
 * they are go there instead of Mastodon: plain text with tags, links and
 * mentions of people who are on Bluesky, but no images, custom emoji or
 * content warnings, and nothing that is a reply or a boost, or that is
 * replied to or boosted on Mastodon. The trust posts on Mastodon; its
 * Bluesky account gathers followers of its own. Every post gets its
 * `network`; Bluesky's get a record key (a TID from their time) and a CID.
 */
function blueskyWeek(posts, accounts, trust, sessions, timeZone, random) {
  for (const account of accounts) {
    if (account.bluesky) account.did = `did:plc:${randomString(random, BASE32, 24)}`;
  }
  const referenced = new Set(posts.flatMap((p) => [p.replyTo, p.reblogOf]).filter(Boolean));
  const blueskyPosts = [];
  for (const post of posts) {
    const movable =
      post.account.bluesky &&
      post.account !== trust &&
      !post.reblogOf &&
      !post.replyTo &&
      !referenced.has(post) &&
      post.media.length === 0 &&
      post.emojis.length === 0 &&
      !post.spoiler &&
      post.text.length <= BLUESKY_MAX_LENGTH &&
      post.mentions.every((a) => a.bluesky);
    post.network = movable && random.chance(BLUESKY_SHARE) ? 'bluesky' : 'mastodon';
    if (post.network !== 'bluesky') continue;
    post.rkey = tid(post.at, random.int(0, 1023));
    post.cid = `bafyrei${randomString(random, BASE32, 52)}`;
    blueskyPosts.push(post);
  }
  const curve = createFollowerCurve(sessions, timeZone, random, {start: 430, growth: 95, bursts: {Tweetchat: 4, Lecture: 7}});
  return {posts: blueskyPosts, ...curve};
}

function randomString(random, alphabet, length) {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)];
  return text;
}

/** An AT Protocol TID: microseconds since the epoch and a clock id, 13 characters of sortable base32. */
export function tid(ms, clockId) {
  let value = (BigInt(Math.floor(ms)) * 1000n) << 10n | BigInt(clockId & 0x3ff);
  let text = '';
  for (let i = 0; i < 13; i++) {
    text = BASE32_SORTABLE[Number(value & 31n)] + text;
    value >>= 5n;
  }
  return text;
}

/** Orders the drafts in time and gives them ids, entities and counts. */
function finalise(drafts, random, findAccount, trust) {
  drafts.sort((a, b) => a.at - b.at);
  let previous = 0;
  for (const draft of drafts) {
    // Two posts in the same millisecond would share an id prefix; keep them strictly ordered.
    draft.at = Math.max(draft.at, previous + 1);
    previous = draft.at;
    draft.id = snowflake(draft.at, random.int(0, 0xffff));
    draft.tokens = tokenize(draft.text, findAccount);
    draft.tags = unique(draft.tokens.filter((t) => t.type === 'tag').map((t) => t.name.toLowerCase()));
    draft.mentions = unique(draft.tokens.filter((t) => t.type === 'mention').map((t) => t.account));
    draft.emojis = unique(draft.tokens.filter((t) => t.type === 'emoji').map((t) => t.code));
    draft.favourites = draft.reblogOf ? 0 : draft.account === trust ? random.int(6, 40) : random.int(0, 18);
    for (const key of draft.media) if (!MEDIA[key]) fail(`No demo image ${key}`);
    draft.mediaIds = draft.media.map(() => snowflake(draft.at - random.int(5, 60) * SECOND, random.int(0, 0xffff)));
    if (draft.replyTo && draft.replyTo.at >= draft.at) fail(`Reply ${draft.text} is older than its post`);
  }
  return drafts;
}

/**
 * The trust's followers, minute by minute from Monday 00:00: an S-curve over
 * the week (quiet at night), bursts during tweetchats and the lecture, and
 * now and then someone unfollowing. `start` followers on Monday, about
 * `growth` more over the week and `bursts` more during each such session.
 */
function createFollowerCurve(sessions, timeZone, random, {start = 2100, growth = 160, bursts: burstSizes = {Tweetchat: 13, Lecture: 18}} = {}) {
  const from = zonedTime(`${sessions[0].start.slice(0, 10)}T00:00:00`, timeZone);
  const to = WEEK_END + 6 * HOUR;
  const minutes = Math.ceil((to - from) / MINUTE);
  const midpoint = zonedTime('2016-10-26T14:00:00', timeZone);
  const spread = 16 * HOUR;
  const localHour = (ms) => new Date(ms + zoneOffsetMinutes(ms, timeZone) * MINUTE).getUTCHours();

  const base = new Float64Array(minutes);
  const bursts = new Float64Array(minutes);
  let hourOfDay = 0;
  for (let m = 0; m < minutes; m++) {
    const t = from + m * MINUTE;
    if (m % 60 === 0) hourOfDay = localHour(t);
    const x = (t - midpoint) / spread;
    const awake = hourOfDay >= 7 && hourOfDay < 23 ? (hourOfDay >= 19 && hourOfDay < 22 ? 1.3 : 1) : 0.12;
    base[m] = (Math.exp(-x) / (1 + Math.exp(-x)) ** 2) * awake;
  }
  scaleTo(base, 0, minutes, growth);
  for (const s of sessions.filter((s) => s.type in burstSizes)) {
    const first = Math.max(0, Math.floor((s.startMs - from) / MINUTE));
    const last = Math.min(minutes, Math.ceil((s.endMs - from) / MINUTE) + 30);
    for (let m = first; m < last; m++) bursts[m] = 1;
    scaleTo(bursts, first, last, burstSizes[s.type]);
  }

  const counts = new Int32Array(minutes);
  let count = start;
  for (let m = 0; m < minutes; m++) {
    count += poisson(base[m] + bursts[m], random.next);
    if (random.chance(base[m] > 0.01 ? 0.002 : 0.0005)) count -= 1;
    counts[m] = count;
  }

  const followersAt = (ms) => counts[Math.min(minutes - 1, Math.max(0, Math.floor((ms - from) / MINUTE)))];
  return {
    followersAt,
    /** Hourly points from Monday 00:00 up to `now`. */
    followerHistory(now) {
      const history = [];
      for (let at = from; at <= now; at += HOUR) history.push({at: new Date(at).toISOString(), count: followersAt(at)});
      return history;
    },
  };
}

function scaleTo(values, first, last, total) {
  let sum = 0;
  for (let i = first; i < last; i++) sum += values[i];
  for (let i = first; i < last; i++) values[i] *= total / sum;
}

function poisson(lambda, next) {
  let k = 0;
  let p = Math.exp(-lambda);
  let cumulative = p;
  const u = next();
  while (u > cumulative && k < 50) {
    k += 1;
    p *= lambda / k;
    cumulative += p;
  }
  return k;
}

function unique(values) {
  return [...new Set(values)];
}

function fail(message) {
  throw new Error(message);
}
