/**
 * Who posts in the demo: the trust's own account and fictional people and
 * groups. Every name here is invented; none of them is a real person's account.
 * `domain: null` means the account lives on the emulated server itself; the
 * others are on other (fictional, `.example`) servers of the fediverse.
 *
 * `kinds` decide who joins which conversation: staff, student, carer, public,
 * partner, bot, trust.
 *
 * `bluesky` is the account's Bluesky handle, for those who are on Bluesky too
 * (handles under example.com, as in the recorded fixtures): some of their
 * posts go there instead of Mastodon (see week-posts.js), and the trust's
 * Bluesky followers are counted beside its Mastodon ones.
 */
export const ACCOUNTS = [
  {
    username: 'NELFT',
    domain: null,
    displayName: 'NELFT NHS',
    kinds: ['trust'],
    note: 'North East London NHS Foundation Trust: community health and mental health services. Not monitored around the clock: in an emergency call 999, for urgent advice call NHS 111.',
    fields: [{name: 'Website', value: 'https://www.nelft.nhs.uk/', verified: true}],
    created: '2016-04-11',
    avatar: 'avatars/nelft.svg',
    avatarDescription: 'The NHS logo in white on NHS blue',
    header: 'headers/nelft.svg',
    headerDescription: 'A band of NHS blue with the words Social Media Week',
    following: 612,
    statusesBase: 4180,
    bluesky: 'nelft.example.com',
  },
  {username: 'priya_rn', domain: null, displayName: 'Priya Raman', kinds: ['staff'], note: 'Community nurse in east London. Views my own.', created: '2016-05-02', avatar: 'avatars/a1.svg', following: 233, followers: 410, statusesBase: 1210},
  {username: 'tom_okafor', domain: null, displayName: 'Tom Okafor', kinds: ['student'], note: 'Second-year student nurse. Coffee, placements, essays.', created: '2016-09-14', avatar: 'avatars/a2.svg', following: 145, followers: 98, statusesBase: 211, bluesky: 'tom-okafor.example.com'},
  {username: 'sian_cares', domain: null, displayName: 'Siân Pritchard', kinds: ['carer', 'public'], note: 'Carer for my dad. Learning as I go.', created: '2016-06-20', avatar: 'avatars/a3.svg', following: 88, followers: 64, statusesBase: 302},
  {username: 'dev_ot', domain: null, displayName: 'Dev Mistry', kinds: ['staff'], note: 'Occupational therapist. Adaptations, independence and the occasional bad pun.', created: '2016-04-29', avatar: 'avatars/a4.svg', following: 301, followers: 377, statusesBase: 968},
  {username: 'maggie_hv', domain: null, displayName: "Maggie O'Neill", kinds: ['staff'], note: 'Health visitor. Tea first, then everything else.', created: '2016-07-07', avatar: 'avatars/a5.svg', following: 120, followers: 156, statusesBase: 433},
  {username: 'jo_whitfield', domain: null, displayName: 'Jo Whitfield', kinds: ['staff'], note: 'Team administrator. I know where the forms are.', created: '2016-10-03', avatar: 'avatars/a6.svg', following: 40, followers: 23, statusesBase: 17},
  {
    username: 'zainab_physio',
    domain: null,
    displayName: 'Zainab Ahmed :nhs_heart:',
    kinds: ['staff'],
    note: 'Physiotherapist :nhs_heart: Running, rehab and #physio chat.',
    created: '2016-05-18',
    avatar: 'avatars/a7.svg',
    following: 412,
    followers: 530,
    statusesBase: 2044,
    bluesky: 'zainab-physio.example.com',
  },
  {username: 'ollie_sn', domain: null, displayName: 'Ollie Brennan', kinds: ['student'], note: 'Student nurse (mental health). Asking lots of questions.', created: '2016-09-30', avatar: 'avatars/a8.svg', following: 77, followers: 41, statusesBase: 96, bluesky: 'ollie-brennan.example.com'},
  {username: 'grace_hca', domain: null, displayName: 'Grace Adeyemi', kinds: ['staff'], note: 'Healthcare assistant. Future nurse, one day.', created: '2016-08-11', avatar: 'avatars/a1.svg', following: 95, followers: 70, statusesBase: 188},
  {username: 'mark_volunteers', domain: null, displayName: 'Mark Lindqvist', kinds: ['public'], note: 'Hospital volunteer and retired bus driver.', created: '2016-06-01', avatar: 'avatars/a2.svg', following: 60, followers: 52, statusesBase: 140},
  {username: 'ruth_d', domain: null, displayName: 'Ruth Danso', kinds: ['carer', 'public'], note: 'Mum, carer, school governor.', created: '2016-08-24', avatar: 'avatars/a3.svg', following: 132, followers: 90, statusesBase: 277, bluesky: 'ruthdanso.example.com'},
  {username: 'bea_pharm', domain: null, displayName: 'Bea Kowalski', kinds: ['staff'], note: 'Pharmacist. Ask me about your medicines (but not here, please).', created: '2016-05-09', avatar: 'avatars/a4.svg', following: 210, followers: 244, statusesBase: 590},
  {username: 'kofi', domain: 'nursing.example', displayName: 'Kofi Mensah', kinds: ['staff', 'partner'], note: 'Nurse lecturer. Reflective practice enthusiast.', created: '2016-04-14', avatar: 'avatars/a5.svg', following: 540, followers: 1290, statusesBase: 3300},
  {username: 'hannah', domain: 'carers.example', displayName: 'Hannah Lowe', kinds: ['carer', 'partner'], note: "Coordinator of a local carers' group. Tea and listening, every Tuesday.", created: '2016-05-27', avatar: 'avatars/a6.svg', following: 188, followers: 402, statusesBase: 860, bluesky: 'hannah-lowe.example.com'},
  {username: 'panel', domain: 'community.example', displayName: 'Riverside Patient Panel', kinds: ['public', 'partner'], group: true, note: 'A volunteer panel of patients and carers who review local health information.', created: '2016-06-30', avatar: 'avatars/a7.svg', following: 76, followers: 315, statusesBase: 420},
  {username: 'sam_ellery', domain: 'health.example', displayName: 'Sam Ellery', kinds: ['partner', 'staff'], note: 'Communications officer at a neighbouring trust.', created: '2016-04-21', avatar: 'avatars/a8.svg', following: 640, followers: 880, statusesBase: 2750, bluesky: 'sam-ellery.example.com'},
  {username: 'lina', domain: 'students.example', displayName: 'Lina Haddad', kinds: ['student'], note: 'Student nurse, third year. Nearly there!', created: '2016-09-02', avatar: 'avatars/a1.svg', following: 150, followers: 133, statusesBase: 390, bluesky: 'lina-haddad.example.com'},
  {username: 'tips', domain: 'bots.example', displayName: 'Digital Skills Tips', kinds: ['bot'], bot: true, note: 'An automated account: one tip about staying safe online, a few times a day.', created: '2016-03-30', avatar: 'avatars/a2.svg', following: 0, followers: 2210, statusesBase: 5120},
  {username: 'chris_yeo', domain: 'mstdn.example', displayName: 'Chris Yeo', kinds: ['public'], note: 'Barking resident. Allotment, cycling, local news.', created: '2016-07-19', avatar: 'avatars/a3.svg', following: 300, followers: 210, statusesBase: 1500, bluesky: 'chrisyeo.example.com'},
  {username: 'amal', domain: 'nursing.example', displayName: 'Amal Farah', kinds: ['staff', 'partner'], note: 'Mental health nurse. Talking about talking.', created: '2016-05-05', avatar: 'avatars/a4.svg', following: 260, followers: 470, statusesBase: 1320, bluesky: 'amal-farah.example.com'},
];

/** The trust's own account, whose follower count the counter widget shows. */
export const TRUST_USERNAME = 'NELFT';

/** Custom emoji of the emulated server (static images under demo/media/emoji/). */
export const CUSTOM_EMOJIS = {
  nhs_heart: 'emoji/nhs_heart.svg',
  tweetchat: 'emoji/tweetchat.svg',
};

/**
 * Images attached to posts, served from demo/media/. `colour` is the main
 * colour, used for the blurhash that Mastodon sends for each image.
 */
export const MEDIA = {
  seminarRoom: {
    file: 'seminar-room.svg',
    width: 1200,
    height: 800,
    colour: [0xe8, 0xed, 0xee],
    description: 'Rows of chairs facing a screen in a seminar room. The screen shows the words "Social Media Week" and the hashtag #NelftSoMeWeek.',
  },
  privacySlide: {
    file: 'privacy-slide.svg',
    width: 1200,
    height: 675,
    colour: [0x00, 0x5e, 0xb8],
    description: 'A workshop slide titled "Check your privacy settings" listing five steps: who can see your posts, who can find you, who can tag you, what is public on your profile, and how to report a problem.',
  },
  tweetchatCard: {
    file: 'tweetchat-card.svg',
    width: 1200,
    height: 675,
    colour: [0x33, 0x00, 0x72],
    description: 'A purple card with a speech bubble: "Tweetchat tonight, 7pm to 8pm. Careers and training at NELFT. Join in with #NelftSoMeWeek".',
  },
  whiteboard: {
    file: 'whiteboard.svg',
    width: 1000,
    height: 750,
    colour: [0xf5, 0xf5, 0xf0],
    description: 'A whiteboard of handwritten notes from the workshop: "Follow journals", "Join a tweetchat", "Reflect and record for revalidation", "Check your sources", "Be professional, be kind".',
  },
  mannequinArm: {
    file: 'training-arm.svg',
    width: 1000,
    height: 700,
    colour: [0xd9, 0xb8, 0x9c],
    description: 'A clinical skills training arm made of plastic, lying on a blue tray, with a practice cannula taped to the back of the hand. No real patient is shown.',
  },
  lectureSlide: {
    file: 'lecture-slide.svg',
    width: 1200,
    height: 675,
    colour: [0x21, 0x2b, 0x32],
    description: 'The title slide of the lecture, "The good, the bad and the ugly of social media in the NHS", projected at the front of a full room.',
  },
  sticker: {
    file: 'sticker.svg',
    width: 800,
    height: 800,
    colour: [0xff, 0xeb, 0x3b],
    description: 'A round yellow sticker that says "I took part in #NelftSoMeWeek".',
  },
  thanksCard: {
    file: 'thank-you.svg',
    width: 1200,
    height: 675,
    colour: [0x00, 0x7f, 0x3b],
    description: 'A green card that says "Thank you for a brilliant first social media week" with the hashtag #NelftSoMeWeek.',
  },
};
