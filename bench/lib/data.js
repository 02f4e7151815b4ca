// Deterministic bench data in the library's native formats: the same seed
// gives the same bytes on every machine, so runs compare like with like.
// These functions are also injected into pages (they use nothing from Node).

/** A small seeded PRNG (mulberry32): deterministic, fast, good enough for test data. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ['Aisha', 'Ben', 'Chloe', 'Dev', 'Eleanor', 'Femi', 'Grace', 'Harpreet', 'Ioan', 'Jo', 'Kwame', 'Leah', 'Mohammed', 'Niamh', 'Owen', 'Priya'];
const SURNAMES = ['Adeyemi', 'Brown', 'Campbell', 'Davies', 'Evans', 'Fraser', 'Gupta', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Nowak', 'O’Brien', 'Patel'];
const ROLES = ['Consultant psychiatrist', 'Peer support worker', 'Head of digital', 'Chief nurse', 'Service user governor', 'Occupational therapist', 'Communications manager'];
const ORGANISATIONS = ['NHS England', 'South London and Maudsley NHS Foundation Trust', 'Lambeth Council', 'Mind', 'Healthwatch Southwark', 'King’s College London'];
const TYPES = ['Workshop', 'Talk', 'Discussion', 'Tweetchat'];
const TRACKS = ['Digital', 'Wellbeing', 'Leadership', 'Patient voice'];
const AUDIENCES = ['Staff', 'Public', 'Carers', 'Partners'];
const TOPICS = ['social media', 'peer support', 'recovery colleges', 'digital inclusion', 'staff wellbeing', 'co-production', 'online safety', 'carers’ networks'];
const DAYS = ['2016-10-24', '2016-10-25', '2016-10-26', '2016-10-27', '2016-10-28'];

const pad = (n) => String(n).padStart(2, '0');

/** Native event JSON with `sessionCount` sessions over five days and `speakerCount` speakers. */
export function makeEvent({sessionCount, speakerCount = Math.max(20, Math.round(sessionCount / 2)), seed = 1}) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const rooms = Array.from({length: 8}, (_, i) => ({id: `room-${i + 1}`, name: `Room ${i + 1}, Maudsley Learning Centre`}));
  const speakers = makeSpeakers(speakerCount, seed);
  const slotsPerDay = Math.ceil(sessionCount / DAYS.length);
  const sessions = Array.from({length: sessionCount}, (_, i) => {
    const day = DAYS[i % DAYS.length];
    const slot = Math.floor(i / DAYS.length);
    // Spread the day's sessions over 09:00–17:00 in rooms running side by side.
    const startMinutes = 9 * 60 + Math.floor((slot * 480) / slotsPerDay / 15) * 15;
    const length = pick([30, 45, 60, 90]);
    const time = (m) => `${day}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:00`;
    const topic = pick(TOPICS);
    return {
      id: `s${i + 1}`,
      title: `${pick(['Getting started with', 'What we learnt from', 'Ask us anything:', 'Listening to people about'])} ${topic}`,
      description: `A session on ${topic} for ${pick(AUDIENCES).toLowerCase()}.\n\nBring your questions; there will be time for discussion.`,
      start: time(startMinutes),
      end: time(startMinutes + length),
      type: pick(TYPES),
      track: pick(TRACKS),
      room: rooms[i % rooms.length].id,
      audience: [pick(AUDIENCES), pick(AUDIENCES)].filter((a, j, all) => all.indexOf(a) === j),
      speakers: [speakers[i % speakers.length].id, ...(rnd() < 0.3 ? [speakers[(i * 7 + 3) % speakers.length].id] : [])],
      status: i % 37 === 0 ? 'cancelled' : 'scheduled',
    };
  });
  return {
    event: {name: 'Social Media Week', timeZone: 'Europe/London', startDate: DAYS[0], endDate: DAYS.at(-1)},
    rooms,
    speakers,
    sessions,
  };
}

export function makeSpeakers(count, seed = 1) {
  const rnd = random(seed * 31 + 7);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  return Array.from({length: count}, (_, i) => ({
    id: `sp${i + 1}`,
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${SURNAMES[Math.floor(i / FIRST_NAMES.length) % SURNAMES.length]}`,
    role: pick(ROLES),
    organisation: pick(ORGANISATIONS),
    bio: `Works on ${pick(TOPICS)} and ${pick(TOPICS)}. ${'Has spoken at many events about mental health services and how people find them. '.repeat(1 + (i % 3))}`,
  }));
}

/**
 * Native post number `n` of an endless hashtag stream (higher `n` is newer),
 * posted `n * intervalMs` after `startMs`.
 */
export function makePost(n, {startMs = Date.parse('2016-10-24T08:00:00Z'), intervalMs = 2000} = {}) {
  const handle = `member${n % 50}`;
  return {
    id: `p${n}`,
    url: `https://social.example.nhs.uk/@${handle}/${n}`,
    author: {
      name: `Member ${n % 50}`,
      handle: `@${handle}@social.example.nhs.uk`,
      avatar: `/bench-api/avatar/${n % 12}.png`,
      url: `https://social.example.nhs.uk/@${handle}`,
    },
    created: new Date(startMs + n * intervalMs).toISOString(),
    text: `Post ${n} from #SocialMediaWeek: ${TOPICS[n % TOPICS.length]} session was great, thank you all!`,
    media: [],
    network: 'mastodon',
  };
}
