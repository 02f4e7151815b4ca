import {html} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import '../src/follow-counter/define.js';
import {scripted} from './support/scripted-server.js';

/**
 * The stories read real files: the recorded Mastodon and Bluesky answers
 * under /fixtures/formats/ and the counter's own samples under
 * /fixtures/counter/. The states that need a live server (loading, a
 * refresh that fails, a count that climbs) use a scripted stand-in below, so
 * every story works offline.
 */

interface CounterArgs {
  src?: string;
  format?: string;
  instance?: string;
  account?: string;
  path?: string;
  label?: string;
  notation?: 'standard' | 'compact';
  baseline?: number;
  since?: string;
  goal?: number;
  milestone?: number;
  refresh?: number;
  layout?: 'card' | 'compact';
  heading?: string;
  lang?: string;
  theme?: 'light' | 'dark' | 'auto';
}

const meta: Meta<CounterArgs> = {
  title: 'Widgets/Follow counter',
  component: 'trust-follow-counter',
  render: (args) => html`<div style="max-inline-size: 28rem">
    <trust-follow-counter
      src=${ifDefined(args.src)}
      format=${ifDefined(args.format)}
      instance=${ifDefined(args.instance)}
      account=${ifDefined(args.account)}
      path=${ifDefined(args.path)}
      label=${ifDefined(args.label)}
      notation=${ifDefined(args.notation)}
      baseline=${ifDefined(args.baseline)}
      since=${ifDefined(args.since)}
      goal=${ifDefined(args.goal)}
      milestone=${ifDefined(args.milestone)}
      refresh=${ifDefined(args.refresh)}
      layout=${ifDefined(args.layout)}
      heading=${ifDefined(args.heading)}
      lang=${ifDefined(args.lang)}
      theme=${ifDefined(args.theme)}
    ></trust-follow-counter>
  </div>`,
};
export default meta;

type Story = StoryObj<CounterArgs>;

const WEEK = '/fixtures/counter/native-week.json';

/** The trust's week in the native format: growth since Monday, the goal reached, and the history as a sparkline. */
export const SocialMediaWeek: Story = {
  args: {src: WEEK, since: '2016-10-24', goal: 2300, heading: 'Follow our social media week'},
};

/** A real Mastodon account lookup (the documentation's example account): 547 followers. */
export const Mastodon: Story = {
  args: {src: '/fixtures/formats/mastodon-account-example.json', format: 'mastodon'},
};

/** A real Bluesky `app.bsky.actor.getProfile` answer: 554 followers. */
export const Bluesky: Story = {
  args: {src: '/fixtures/formats/bluesky-get-profile.json', format: 'bluesky'},
};

/** An account with no followers yet (a real Mastodon lookup): 0 is a count, not an empty state. */
export const NoFollowersYet: Story = {
  args: {src: '/fixtures/formats/mastodon-account-lookup.json', format: 'mastodon', goal: 100},
};

/** Two accounts on two networks summed, with a row and a follow link for each. */
export const SummedAccounts: Story = {
  args: {src: '/fixtures/formats/mastodon-account-example.json /fixtures/formats/bluesky-get-profile.json', baseline: 1000, goal: 1500},
};

/** A number read out of any JSON with `path`. */
export const AnyJsonWithPath: Story = {
  args: {src: '/fixtures/counter/any-api.json', path: 'data.stats[0].followers', label: 'followers'},
};

/** A fall since the baseline, shown as it is; compact notation ("2.3K") in the compact layout. */
export const CompactWithFall: Story = {
  args: {src: WEEK, layout: 'compact', notation: 'compact', baseline: 2326, since: '2016-10-24'},
};

/** Progress towards a goal not yet reached. */
export const GoalInProgress: Story = {
  args: {src: WEEK, goal: 3000},
};

/** In the page's language: German number and date formats (the UI text stays British English unless `strings` is set). */
export const German: Story = {
  args: {src: WEEK, lang: 'de', since: '2016-10-24'},
};

export const Dark: Story = {
  args: {src: WEEK, theme: 'dark', goal: 3000, since: '2016-10-24'},
};

/** Live: the count climbs every 15 seconds, counting up (unless reduced motion is on) and announcing each 100 passed. */
export const Live: Story = {
  args: {src: scripted('live', (call) => ({body: {count: 2270 + call * 9, account: '@NELFT', network: 'mastodon', url: 'https://mastodon.social/@NELFT'}})), refresh: 15, milestone: 100, goal: 2400},
};

/** Waiting for the first answer. */
export const Loading: Story = {
  args: {src: scripted('loading', () => 'never')},
};

/** Mastodon has no such account (a 404 from the server at `instance`). */
export const AccountNotFound: Story = {
  args: {instance: '/fixtures/counter/no-such-server', account: 'nobody'},
};

/** `path` leads to no number: the message names the path. */
export const PathNotFound: Story = {
  args: {src: '/fixtures/counter/any-api.json', path: 'data.stats[1].followers'},
};

/** The server fails: an error with Try again. */
export const ServerError: Story = {
  args: {src: scripted('error', () => ({status: 500, body: {error: 'Internal error'}}))},
};

/** A refresh failed after a good load (after 15 s): the last count stays, with a discreet notice. */
export const Stale: Story = {
  args: {src: scripted('stale', (call) => (call === 0 ? {body: {count: 2314}} : {status: 503})), refresh: 15, goal: 2300},
};

/** Nothing to read: no `src`, `account` or inline data. */
export const NotConfigured: Story = {
  args: {},
};
