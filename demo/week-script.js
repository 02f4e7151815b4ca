/**
 * What is said during the demo week. Every post is invented for the demo and
 * written by fictional people (see week-accounts.js); nothing here quotes a
 * real person. The trust's account only makes announcements.
 *
 * Placeholders: {tag} is the event hashtag (with the casing people really
 * use), {title} {time} {room} {day} {n} describe a session or day, and {@name}
 * mentions an account ({@to} is the account being replied to).
 */

/** Posts at fixed local times, some with images or content warnings. */
export const FIXED_POSTS = [
  {at: '2016-10-21T16:05:00', account: 'NELFT', text: 'Next week is our first social media week! Workshops, talks, discussions and tweetchats at Care City in Barking and online. Everyone is welcome. Follow {tag}'},
  {at: '2016-10-21T18:40:00', account: 'priya_rn', text: 'Booked onto the Facebook workshop for Monday. About time I sorted out my privacy settings {tag}'},
  {at: '2016-10-22T10:12:00', account: 'sam_ellery', text: 'Good luck to colleagues at {@NELFT} with their first social media week. Looking forward to following {tag} and pinching some ideas #NHS'},
  {at: '2016-10-22T20:31:00', account: 'zainab_physio', text: 'Dusting off my account for {tag} :nhs_heart:'},
  {at: '2016-10-23T11:47:00', account: 'chris_yeo', text: "Can't get to Barking this week but I'll join the tweetchats from home. {tag}"},
  {at: '2016-10-23T19:02:00', account: 'lina', text: 'Has anyone else signed up for {tag}? Which sessions are you going to? #StudentNurse'},
  {at: '2016-10-24T08:05:00', account: 'jo_whitfield', text: 'First day of {tag}. Badges printed, coffee on, chairs out. Come and say hello at Care City!'},

  {at: '2016-10-24T09:41:00', account: 'NELFT', text: 'All set for the start of {tag} in the Seminar Room at Care City. Thank you for coming!', media: ['seminarRoom']},
  {at: '2016-10-24T10:52:00', account: 'priya_rn', text: 'Step one of the Facebook workshop: check who can see your posts. Step two: gasp. {tag}', media: ['privacySlide']},
  {at: '2016-10-24T17:30:00', account: 'NELFT', announces: 'mon-tweetchat-careers', text: 'Tonight at 7pm: our first tweetchat, on careers and training at NELFT. Follow {tag} and join in from anywhere :tweetchat:', media: ['tweetchatCard']},
  {at: '2016-10-25T11:20:00', account: 'kofi', text: "Notes from this morning's workshop on social media as a learning tool. Lots here for revalidation too. {tag} #nursing", media: ['whiteboard']},
  {
    at: '2016-10-26T21:14:00',
    account: 'sian_cares',
    spoiler: 'Caring and mental health',
    text: "When I started caring for my dad I felt completely alone. An online carers' group was the first place I could talk about it honestly.\n\nThis morning's session brought it all back, in a good way. If you are caring for someone, you are not on your own. {tag} #carers",
  },
  {
    at: '2016-10-27T08:05:00',
    account: 'tom_okafor',
    spoiler: 'Clinical image (training mannequin, no real patient)',
    sensitive: true,
    text: 'Cannulation practice in the skills lab before the {tag} drop-in this afternoon. Third attempt was the charm. #StudentNurse',
    media: ['mannequinArm'],
  },
  {at: '2016-10-28T10:04:00', account: 'NELFT', text: 'A full room for "The good, the bad and the ugly of social media in the NHS". Questions welcome from the room and online: use {tag}', media: ['lectureSlide']},
  {at: '2016-10-28T14:32:00', account: 'NELFT', text: 'Thank you for a brilliant first social media week, in the room and online. We will share what we learned soon. {tag}', media: ['thanksCard']},
  {at: '2016-10-28T15:10:00', account: 'grace_hca', text: 'Got my sticker! {tag} :nhs_heart:', media: ['sticker']},
  {
    at: '2016-10-28T18:20:00',
    account: 'dev_ot',
    spoiler: 'Long post',
    text: 'Some thoughts after this week.\n\nI came in thinking social media was something that happened to the NHS. I leave thinking it is something we can do well: answer quickly, speak plainly, admit mistakes, protect confidentiality, look after each other.\n\nThank you to everyone who made {tag} happen.',
  },
];

/** What people post during in-person sessions, by session id. */
export const SESSION_POSTS = {
  'mon-welcome': [
    'A packed room at Care City for the start of {tag}. Lots of new faces!',
    "Here for the opening of {tag}. Never been to a social media week before, curious what I'll pick up.",
    'Good to hear everything this week will be online too, so colleagues on shift can follow along {tag}',
  ],
  'mon-facebook': [
    'Just found out how many of my old Facebook photos were public. Fixed now! {tag}',
    "Tip from the Facebook workshop: look at your own profile the way a stranger would. It's eye-opening. {tag}",
    "Really useful session on professional boundaries. If a patient sends you a friend request you don't have to accept it, and there are kind ways to say no. {tag}",
    "Learned how to report a fake page today. Wish I'd known that last year. {tag}",
    'Who knew Facebook had so many privacy settings? We went through them one by one. {tag} #socialmedia',
    'Great to see carers and staff learning side by side in the Facebook workshop {tag}',
  ],
  'mon-confidentiality': [
    "Good discussion this afternoon: if you wouldn't say it in the lift, don't post it online. {tag}",
    'Key message: no patient details, no photos of clinical areas, and when in doubt ask the comms team. {tag}',
    "Interesting how many of us had never read the trust's social media policy. Doing it tonight. {tag}",
    'Lots of questions about work group chats. Useful to talk it through openly. {tag}',
    'Confidentiality online is the same as confidentiality anywhere else. Simple, but worth repeating. {tag} #NHS',
  ],
  'mon-surgery': [
    'Popped into the social media surgery and left with a new account and a lot more confidence {tag}',
    'Helped my mum with her privacy settings at the drop-in today. Thank you for the patience! {tag}',
    'The drop-in is a brilliant idea. No question was too basic. {tag}',
  ],
  'tue-nurses-learning': [
    'Social media as a learning tool: I now follow three journal clubs and a nursing chat. My commute just became CPD {tag} #nursing',
    "Reflective practice doesn't have to be a notebook in a drawer. Brilliant workshop. {tag}",
    'Reminder from today: the professional code applies online too. Be kind, be accurate, be careful. {tag} #nursing',
    'Made a list of accounts to follow for community nursing. Happy to share it! {tag}',
    "Didn't expect to leave a social media workshop with ideas for my revalidation. {tag}",
    'Best bit of the workshop: how to tell a reliable source from a dodgy one. {tag} #StudentNurse',
  ],
  'tue-patients-online': [
    'Patients and carers telling us what they want online: clear information, quick answers, real people. {tag}',
    'One carer said finding the right phone number took her three days. That is a challenge for all of us. {tag} #carers',
    'Loved hearing from people who use our services. Plain English, please! {tag}',
    'My takeaway: post opening times, post changes quickly, answer messages. Simple, not easy. {tag}',
  ],
  'wed-carers-online': [
    'Moving discussion about carers finding each other online. Peer support really matters. {tag} #carers',
    "Tips shared today: use closed groups, check who runs them, never share someone else's story without asking. {tag} #carers",
    'So good to see carers leading the conversation this morning. {tag}',
  ],
  'wed-good-news': [
    'Teams sharing their good news online, with consent first. Lovely examples. {tag}',
    'Consent, consent, consent. And a nice photo helps. {tag}',
    "I'm going to start a monthly good news post for our team. {tag}",
  ],
  'thu-nurses-learning': [
    'Second run of the learning workshop and the room was just as full. {tag} #nursing',
    'Setting up a list of trusted sources for our team. Thanks for the nudge, {tag}',
    "Today I learned that a tweetchat counts as learning if you reflect on it. I'm in! {tag}",
    'Found the Seminar Room in the end. Worth the detour. {tag}',
  ],
  'thu-staff-voices': [
    "Honest conversation about what to do if someone criticises your service online. Don't argue, do escalate. {tag}",
    'Lots of questions about personal and work accounts. The answer: it depends, but be clear which is which. {tag}',
    'Useful to hear that the comms team would rather you asked than worried. {tag}',
    "Good to know there's support if you are ever targeted online. {tag} #NHS",
  ],
  'thu-surgery': [
    'Finally worked out how to follow the trust. Small steps! {tag}',
    'Second drop-in of the week and still busy. Good sign. {tag}',
  ],
  'fri-lecture': [
    'Watching the lecture via the hashtag from my desk. Great questions coming in. {tag}',
    'A question from the floor about supporting staff who receive abuse online. Such an important topic. {tag}',
    'So many ideas to take back to my team. {tag} #FutureNHS',
    "First time I've live-posted a lecture. I think I'm getting the hang of it. {tag}",
    'Good to see questions from the room and from online answered side by side. {tag}',
    'Note to self: reply within the hour, admit mistakes, say thank you. {tag}',
    "I came in sceptical about social media in the NHS. I'm leaving with a plan. {tag}",
    'My own list after the lecture. The good: people finding help faster. The bad: misinformation. The ugly: abuse of staff. {tag}',
    'Standing room only at Care City this morning. {tag}',
    'Thank you to the guest speakers for coming to Barking. {tag} #NHS',
  ],
  'fri-close': [
    'What a week. Thank you to everyone who organised {tag}.',
    "I've learned more this week than in years of scrolling. {tag}",
    'Same time next year? {tag}',
  ],
};

/** The trust's announcements. */
export const ANNOUNCEMENTS = {
  upcoming: [
    'Starting at {time}: {title}, {room}. {tag}',
    'Coming up at {time} in the {room}: {title}. All welcome. {tag}',
    'Next up, at {time}: {title} ({room}). {tag}',
  ],
  tweetchat: 'At {time}: {title}. Follow {tag} and join in from anywhere :tweetchat:',
  lecture: 'This morning at {time}: {title}, with guests from NHS England and the NHS Five Year Forward View. {room}. {tag}',
  cancelled: 'Sorry: {title} at {time} today is cancelled. {note} {tag}',
  moved: 'Room change: {title} at {time} is now in the {room}. {tag}',
  full: '{title} at {time} is now full. {note} {tag}',
  morning: 'Good morning from Care City! Day {n} of {tag}. Today:\n{programme}',
  evening: "That's a wrap for day {n}. Thank you to everyone who came along or joined online. {tag}",
  programmeLink: 'The full programme for the week is on our website: https://www.nelft.nhs.uk/ {tag}',
};

/** Posts through the day from people following along, used at most once each. */
export const AMBIENT_POSTS = [
  'Following {tag} from the ward on my break. Great stuff.',
  'Shared the programme with my team. {tag}',
  "I've finally turned on two-step login. Thank you, {tag}",
  'Loving the energy around {tag} this week :nhs_heart:',
  'Our team noticeboard now has a {tag} corner.',
  'Catching up on the day after a late shift. {tag}',
  "Who'd have thought a trust social media week could be this much fun? {tag}",
  'Tip I picked up this week: write alt text for your images so everyone can enjoy them. {tag}',
  'Spreading the word to colleagues in Havering. {tag}',
  'Reading back through the tweetchat. So many good answers. {tag}',
  'Told my students about {tag}. Expect some new faces tomorrow!',
  'Sat in the car park finishing my notes from today. {tag}',
  'My team has asked me to run a mini version of the workshop next month. {tag}',
  'This hashtag is the best thing on my timeline this week. {tag}',
  'Evening reading: the trust social media policy. Not as scary as I thought. {tag}',
  'Wishing I could be at Care City today. Following along instead. {tag}',
  'Lovely to see so many teams taking part. {tag} #NHS',
  'Note for next time: charge your phone before a tweetchat. {tag}',
  'Quiet night shift, so I am reading {tag} from the start.',
  'Sharing this with our volunteers, who have lots of questions about staying safe online. {tag}',
];

/** The automated tips account (marked as a bot). */
export const BOT_TIPS = [
  'Digital tip: you can mute words and hashtags you would rather not see. {tag} #socialmedia',
  'Digital tip: check the date before you share a news story. Old news travels fast. {tag}',
  'Digital tip: a strong, unique password for every account, kept in a password manager. {tag}',
  'Digital tip: think before you post a photo. What else is in the picture? {tag}',
  'Digital tip: describe your images for people who use screen readers. {tag} #accessibility',
];

/** Short replies during tweetchats. */
export const REACTIONS = [
  '{@to} Same here! {tag}',
  '{@to} Love this. {tag}',
  '{@to} So true. {tag}',
  "{@to} Couldn't agree more {tag}",
  '{@to} This is brilliant, thank you for sharing {tag}',
  '{@to} Yes! {tag} :nhs_heart:',
];

/**
 * Tweetchats, by session id: the trust asks five questions and people answer
 * with A1, A2... Public question-and-answer pairs are asked by the public and
 * answered by the trust.
 */
export const TWEETCHATS = {
  'mon-tweetchat-careers': {
    topic: 'careers and training at NELFT',
    questions: [
      {
        q: 'What first made you want to work in health or care?',
        answers: [
          "My nan's district nurse. She made such a difference to our family.",
          'Volunteering at a day centre when I was 17. Never looked back.',
          'I wanted a job where every day is different. Community nursing delivers!',
          'I was a carer first. Becoming a healthcare assistant felt like the natural next step.',
          'An OT who helped me after an injury. Now I am one.',
          'Seeing how a mental health team supported a friend.',
        ],
      },
      {
        q: 'What training has made the biggest difference to you?',
        answers: [
          'Preceptorship. Having someone to ask in my first year was everything.',
          'Clinical supervision. Protected time to think is precious.',
          'My apprenticeship. Earning while learning made it possible for me.',
          'Short courses on communication skills, more than I expected.',
          'Shadowing other teams. You learn how the whole system fits together.',
        ],
      },
      {
        q: 'How do you keep learning when shifts are busy?',
        answers: [
          'Podcasts on the drive between visits.',
          'Ten minutes at the end of the day to write down one thing I learned.',
          'Tweetchats like this one!',
          'Team huddles where we share one case and one tip.',
          'I save articles for my day off.',
        ],
      },
      {
        q: 'What would you say to someone thinking about a career in the NHS?',
        answers: [
          'Do it. Ask to shadow someone first so you know what the job really looks like.',
          'There are more roles than you think, not just doctors and nurses!',
          'Talk to people already doing it. Most of us love talking about our jobs.',
          'Look at apprenticeships and support roles as a way in.',
          "It's hard work, and it's worth it. :nhs_heart:",
        ],
      },
      {
        q: "One thing you'll try after tonight?",
        answers: [
          'Updating my profile so people know what I do.',
          "Joining Thursday's tweetchat for students.",
          'Telling my team about the Facebook workshop.',
          'Following everyone who took part tonight!',
        ],
      },
    ],
  },
  'tue-tweetchat-staff': {
    topic: 'learning and development',
    questions: [
      {
        q: 'Where do you go online to learn something new for your job?',
        answers: [
          "Professional bodies' websites and their newsletters.",
          'Journal accounts, plus a couple of nursing chats every month. #nursing',
          'Short videos for practical skills, then I check them against our policies.',
          'E-learning on the intranet. Underrated!',
          'Colleagues. Still the best search engine.',
        ],
      },
      {
        q: 'How do you know a source is trustworthy?',
        answers: [
          'Who wrote it, when, and what is their evidence?',
          'I check it against national guidance and our own policies.',
          'If it sounds too good to be true, it usually is.',
          'Ask a librarian! Our library team are brilliant.',
        ],
      },
      {
        q: 'Has social media ever changed how you work?',
        answers: [
          "Yes. I saw another team's idea for a waiting room noticeboard and we tried it.",
          'It has helped me connect with other OTs across the country.',
          'Not yet, but this week is making me think it could.',
          'I found a peer support network for new managers.',
        ],
      },
      {
        q: 'What gets in the way of learning at work?',
        answers: [
          'Time. Always time.',
          'Not knowing what is available.',
          'Feeling guilty about time away from patients.',
          'Blocked websites on work computers!',
        ],
      },
      {
        q: 'What should we run next time?',
        answers: [
          'A session on writing for the web.',
          'More lunchtime tweetchats, please.',
          'Something on making short, accessible videos.',
          'A workshop for managers on supporting staff online.',
        ],
      },
    ],
  },
  'wed-tweetchat-services': {
    topic: 'our services',
    questions: [
      {
        q: 'What would make information about our services easier to use?',
        answers: ['Clear opening times.', 'All the phone numbers in one place.', 'Plain English, no acronyms!', 'Information in other languages.'],
      },
      {
        q: 'Carers: what support would help you most?',
        answers: ['Knowing who to call out of hours. #carers', 'Someone to talk to when I am struggling. #carers', "Information about carers' assessments. #carers"],
      },
      {
        q: 'How would you like to give us feedback?',
        answers: ['An online form, quick and simple.', 'A text message after an appointment.', 'Face to face. I like talking to people.'],
      },
      {
        q: 'What do you like to see from us online?',
        answers: ['Service changes, as early as possible.', 'Health tips in plain English.', 'The people behind the services.'],
      },
      {
        q: 'Anything else you would like to ask us tonight?',
        answers: ['No, just thank you for doing this.', 'Will you do another one of these?'],
      },
    ],
    publicQuestions: [
      ['Where can I find a list of your services? {tag}', '{@to} All our services are listed on our website, with how to contact each one: https://www.nelft.nhs.uk/ {tag}'],
      ['Can I refer myself, or do I need to see my GP first? {tag}', '{@to} It depends on the service. Each service page on our website says whether you can refer yourself. {tag}'],
      ["Is this the right place to ask about my mum's appointment? {tag}", '{@to} Please do not share personal details here. Contact the service directly and they will be glad to help. {tag}'],
      ['Do you have information for young carers? {tag} #carers', '{@to} Thank you for asking. We will share links to support for young carers after the chat. {tag}'],
    ],
  },
  'thu-tweetchat-students': {
    topic: 'student nurses and newly qualified staff',
    questions: [
      {
        q: "Student nurses: what's the best thing about your placement so far?",
        answers: ['Being trusted to do a bit more each week. #StudentNurse', 'My mentor. Patient, kind, honest. #StudentNurse', "Seeing care in people's own homes. So different from hospital.", 'The team! Everyone says hello.'],
      },
      {
        q: 'What do you wish you had known before you started?',
        answers: ["That it's OK to say: I don't know, but I'll find out.", 'Comfortable shoes. Seriously.', 'How much paperwork there is.', 'How much you learn from patients themselves.'],
      },
      {
        q: 'Newly qualified staff: what helped you most in your first months?',
        answers: ['The preceptorship programme and a buddy.', 'Regular check-ins with my manager.', 'Other newly qualified nurses. We have a group chat.'],
      },
      {
        q: 'How do you look after your own wellbeing?',
        answers: ['Walking home, phone off.', "Talking to someone when a day's been hard.", 'Protected lunch breaks. Still working on that one.', 'Sleep, food, friends. In that order.'],
      },
      {
        q: "Advice for next year's students?",
        answers: ['Ask questions. Everyone was new once. #StudentNurse', 'Keep a reflective diary.', 'Say yes to shadowing other teams.'],
      },
    ],
  },
  'fri-tweetchat-feedback': {
    topic: 'what you would like from us online',
    questions: [
      {
        q: 'What did you enjoy most about our social media week?',
        answers: ["The tweetchats. I met people from teams I'd never heard of.", 'The Facebook workshop, hands down.', 'The lecture this morning.', 'Seeing colleagues I never meet in person online all week.'],
      },
      {
        q: 'What would you like to see from us online?',
        answers: ['More good news stories from teams.', 'Service updates, like closures and changes.', 'Health tips in plain English.', 'Faces! Who are the people behind the services?'],
      },
      {
        q: 'Which platform should we be on that we are not?',
        answers: ['Somewhere for video.', 'Keep it simple and do a few things well.', 'Wherever the patients are.'],
      },
      {
        q: 'Should we do this again next year?',
        answers: ['Yes! :nhs_heart:', 'Absolutely, and make it longer.', 'Yes, with sessions at other sites too.', 'Please! And more evening sessions for people who work days.'],
      },
      {
        q: 'One word to sum up the week?',
        answers: ['Eye-opening.', 'Connected.', 'Useful!', 'Inspiring.', 'Busy :tweetchat:'],
      },
    ],
  },
};

export const TWEETCHAT_LINES = {
  welcome: 'Welcome to our tweetchat on {topic}! Five questions over the next hour. Answer with A1, A2 and so on, and include {tag} so everyone can see :tweetchat:',
  question: 'Q{n} {q} {tag}',
  answer: 'A{n} {a} {tag}',
  close: 'That is the end of our tweetchat. Thank you all for taking part! {tag}',
  closePublic: 'Thank you for all your questions tonight. If you need help urgently, call NHS 111, or 999 in an emergency. {tag}',
};
