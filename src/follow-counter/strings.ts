import {commonStrings, type CommonStrings} from '../shared/strings.js';

/**
 * The UI text of <trust-follow-counter>, in British English; every entry can
 * be replaced through `strings`. Numbers and dates arrive already formatted
 * through Intl in the page's language.
 */
export interface FollowCounterStrings extends CommonStrings {
  /** The word after the number when there is no `label` attribute and the data names none. */
  label: (count: number) => string;
  /** Network names, by format name. */
  networks: Record<string, string>;
  /** The follow link: "Follow @NELFT on Mastodon" (the account or network may be unknown). */
  follow: (account: string | undefined, network: string | undefined) => string;
  /** Growth since a day or a moment, already formatted: "+214 since Monday 24 October", "+214 since Monday 09:00". */
  since: (change: string, day: string) => string;
  /** Growth from a `baseline` with no date: "+214 from 2,100". */
  fromBaseline: (change: string, baseline: string) => string;
  /** The change when there is none (it starts the sentence). */
  noChange: string;
  /** The accessible name of the progress bar. */
  goalLabel: string;
  goal: (count: string, goal: string) => string;
  goalReached: (count: string, goal: string) => string;
  /** The text alternative of the sparkline: where the count went and over how long. */
  rising: (from: string, to: string, span: string) => string;
  falling: (from: string, to: string, span: string) => string;
  steady: (count: string, span: string) => string;
  /** Announced once per visit when the count passes a multiple of `milestone`. */
  milestone: (count: string, label: string) => string;
  /** A Mastodon account (on its server) or a Bluesky handle (on "Bluesky") that does not exist. */
  accountNotFound: (account: string, where: string) => string;
  /** The accessible name of the per-account list. */
  breakdownLabel: string;
  /** One account in the breakdown: "1,760 on Mastodon (@NELFT)". */
  breakdownItem: (count: string, network: string, account: string | undefined) => string;
  /** An account whose count is the last one read (its platform could not be read since): "1,102 on Facebook (last read 09:40)"; the day when not today. */
  breakdownStale: (count: string, network: string, account: string | undefined, time: string, day: string | undefined) => string;
  /** Under the total when it holds last-read counts: the networks already joined ("Facebook and X"). */
  staleTotal: (networks: string) => string;
  /** The accessible name of the one-line breakdown (`breakdown="line"`). */
  lineLabel: string;
  /** One network in the one-line breakdown: "2,314 on X". */
  lineItem: (count: string, network: string) => string;
  /** `network` names a network the data has no account on. */
  noAccountOn: (network: string) => string;
  /** An account whose count is not in the total because it did not load. */
  notCounted: (account: string, network: string) => string;
  /** Shown when the `path` leads to no number. */
  noNumberAtPath: (path: string) => string;
  /** One quiet line when a source of the count has been failing for a while: networks already joined ("Bluesky and Mastodon"), the time, and the day when not today. */
  notUpdated: (networks: string, time: string, day: string | undefined) => string;
}

export const followCounterStrings: FollowCounterStrings = {
  ...commonStrings,
  label: (count) => (count === 1 ? 'follower' : 'followers'),
  networks: {mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X', facebook: 'Facebook', instagram: 'Instagram'},
  follow: (account, network) => (account && network ? `Follow ${account} on ${network}` : account ? `Follow ${account}` : network ? `Follow us on ${network}` : 'Follow us'),
  since: (change, day) => `${change} since ${day}`,
  fromBaseline: (change, baseline) => `${change} from ${baseline}`,
  noChange: 'No change',
  goalLabel: 'Progress towards the goal',
  goal: (count, goal) => `${count} of ${goal} goal`,
  goalReached: (count, goal) => `${count} of ${goal} goal — reached!`,
  rising: (from, to, span) => `Rising from ${from} to ${to} over ${span}`,
  falling: (from, to, span) => `Falling from ${from} to ${to} over ${span}`,
  steady: (count, span) => `Steady at ${count} over ${span}`,
  milestone: (count, label) => `Milestone: ${count} ${label}!`,
  accountNotFound: (account, where) => `We couldn’t find the account ${account} on ${where}. Check the account name.`,
  breakdownLabel: 'By account',
  breakdownItem: (count, network, account) => (account ? `${count} on ${network} (${account})` : `${count} on ${network}`),
  breakdownStale: (count, network, account, time, day) => {
    const when = `last read ${day ? `${day}, ` : ''}${time}`;
    return account ? `${count} on ${network} (${account}, ${when})` : `${count} on ${network} (${when})`;
  },
  staleTotal: (networks) => `Includes the last count we could read from ${networks}`,
  lineLabel: 'By network',
  lineItem: (count, network) => `${count} on ${network}`,
  noAccountOn: (network) => `There is no ${network} account in this count.`,
  notCounted: (account, network) => `${account} on ${network} is not counted: we couldn’t load it.`,
  noNumberAtPath: (path) => `We couldn’t find a number at “${path}” in the data.`,
  notUpdated: (networks, time, day) => `Followers on ${networks} not updated since ${day ? `${day}, ` : ''}${time}`,
};
