import {html} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {clock} from '../src/shared/manual-time.js';
import '../src/schedule/define.js';
import {pageFetch, scripted} from './support/scripted-server.js';

/**
 * The stories read real files: the demo's social media week under
 * /demo-data/, the real exports under /fixtures/formats/ (Sessionize,
 * pretalx/frab, iCalendar), and the schedule tests' own files under
 * /fixtures/schedule/ (statuses, a daylight-saving week, a changed copy). The
 * states that need a live server (loading, a failing or changing refresh) use
 * a scripted stand-in below, so every story works offline.
 */

const DEMO = '/demo-data/social-media-week.json';
const WEEK = '/fixtures/schedule/week.json';
const WEEK_CHANGED = '/fixtures/schedule/week-changed.json';
const DST_WEEK = '/fixtures/schedule/dst-week.json';
const FORMATS = '/fixtures/formats';
const json = async (url: string): Promise<unknown> => (await pageFetch(url)).json();

interface ScheduleArgs {
  src?: string;
  format?: string;
  view?: 'list' | 'grid';
  day?: string;
  groupBy?: 'room' | 'track';
  timezone?: string;
  viewerTimezone?: boolean;
  /** The reader's own zone (by default the browser's), to show the zone switch from anywhere. */
  viewerZone?: string;
  showFilters?: boolean;
  storageKey?: string;
  headingLevel?: number;
  refresh?: number;
  lang?: string;
  theme?: 'light' | 'dark' | 'auto';
  /** Width of the box the widget sits in (CSS length), to show how it adapts. */
  width?: string;
  /** Runs the shared clock from this moment (ISO), for "happening now" and "up next". */
  now?: string;
}

const meta: Meta<ScheduleArgs> = {
  title: 'Widgets/Schedule',
  component: 'trust-schedule',
  args: {src: DEMO},
  argTypes: {
    view: {control: 'inline-radio', options: ['list', 'grid']},
    groupBy: {control: 'inline-radio', options: ['room', 'track']},
    theme: {control: 'inline-radio', options: ['light', 'dark', 'auto']},
    width: {control: 'text'},
    now: {control: 'text'},
  },
  decorators: [
    (story, {args}) => {
      // Each story sets the clock it needs; the others run on real time.
      if (args.now) clock.useManualTime(args.now, 1);
      else if (clock.isManual) clock.useRealTime();
      return story();
    },
  ],
  render: (args) => html`<div style="max-inline-size: ${args.width ?? '72rem'}">
    <trust-schedule
      src=${ifDefined(args.src)}
      format=${ifDefined(args.format)}
      view=${ifDefined(args.view)}
      day=${ifDefined(args.day)}
      group-by=${ifDefined(args.groupBy)}
      timezone=${ifDefined(args.timezone)}
      ?viewer-timezone=${args.viewerTimezone}
      ?show-filters=${args.showFilters}
      storage-key=${ifDefined(args.storageKey)}
      heading-level=${ifDefined(args.headingLevel)}
      refresh=${ifDefined(args.refresh)}
      lang=${ifDefined(args.lang)}
      theme=${ifDefined(args.theme)}
      .viewerZone=${args.viewerZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone}
    ></trust-schedule>
  </div>`,
};
export default meta;

type Story = StoryObj<ScheduleArgs>;

/** The social media week as a list: a day at a time, grouped by start time. */
export const List: Story = {};

/** Rooms side by side, with sticky room and time headers; plenary sessions and breaks span every room. */
export const Grid: Story = {args: {view: 'grid'}};

/** The grid by track instead of by room. */
export const GridByTrack: Story = {args: {view: 'grid', groupBy: 'track'}};

/** In a narrow box (a sidebar, a phone) the grid is the list: the widget's own width decides, not the window's. */
export const GridInANarrowBox: Story = {args: {view: 'grid', width: '30rem'}};

/** Every day at once, with the type, track, room and audience filters open. */
export const FiltersOpen: Story = {args: {day: 'all', showFilters: true}};

/** Cancelled, moved and full sessions are marked in words; a break is shown quietly; one session has no time yet. */
export const CancelledMovedFull: Story = {args: {src: WEEK, day: 'all'}};

/** Sessions without a time are listed under "Time to be confirmed". */
export const TimeToBeConfirmed: Story = {args: {src: WEEK, day: 'tbc'}};

/** Monday of the week at 09:45, with the clock running: "Happening now" and "Up next" move on at each session's start and end. */
export const HappeningNow: Story = {args: {now: '2016-10-24T09:45:00+01:00'}};

/** 24–31 October 2016, when the clocks went back: every talk is at 10:00 UK time, BST then GMT. */
export const DaylightSavingWeek: Story = {args: {src: DST_WEEK, day: 'all'}};

/** A reader in New York, with the switch to their own time zone turned on. */
export const ReadersTimeZone: Story = {args: {viewerZone: 'America/New_York', viewerTimezone: true}};

/** A `timezone` that is not a zone: UK time, and a note saying so. */
export const BadTimeZone: Story = {args: {src: `${FORMATS}/sessionize-all-linz-2024.json`, timezone: 'Europe/Atlantis'}};

/** A real Sessionize "All" export (Global Azure Linz 2024), in Vienna's zone. */
export const Sessionize: Story = {args: {src: `${FORMATS}/sessionize-all-linz-2024.json`, format: 'sessionize', timezone: 'Europe/Vienna', view: 'grid'}};

/** A real pretalx frab-style schedule (rC3 2020): four days, five rooms, days that run past midnight. */
export const PretalxRc3: Story = {args: {src: `${FORMATS}/frab-schedule-pretalx-rc3.json`, format: 'frab', timezone: 'Europe/Berlin', view: 'grid'}};

/** pretalx's demo event, whose "UTC" contradicts its +01:00 times: shown in the widget's zone. */
export const PretalxDemoCon: Story = {args: {src: `${FORMATS}/frab-schedule-pretalx-democon.json`, format: 'frab', timezone: 'Europe/Berlin'}};

/** A real iCalendar feed (PyCon UK 2015): 158 events in UTC, shown in UK time. */
export const ICalendar: Story = {args: {src: `${FORMATS}/ical-pyconuk-2015.ics`, format: 'ical', view: 'grid'}};

/** A 320px box: nothing cut off or scrolling sideways. */
export const Narrow: Story = {args: {width: '320px', showFilters: true}};

export const Dark: Story = {args: {theme: 'dark', view: 'grid'}};

/** Headings from h3 down, for a page whose own outline has an h2 above the widget. */
export const HeadingLevel3: Story = {args: {headingLevel: 3}};

/** Waiting for the first answer. */
export const Loading: Story = {args: {src: scripted('loading', () => 'never')}};

/** The schedule has no sessions yet. */
export const Empty: Story = {args: {src: scripted('empty', () => ({body: {event: {name: 'Coming soon', timeZone: 'Europe/London'}, sessions: []}}))}};

/** The server fails: an error with Try again. */
export const ServerError: Story = {args: {src: scripted('error', () => ({status: 500, body: {error: 'Internal error'}}))}};

/** The address is wrong (404). */
export const NotFound: Story = {args: {src: '/fixtures/schedule/no-such-file.json'}};

/** A refresh failed after a good load (after 15 s): the schedule stays, with a discreet notice and Try again. */
export const Stale: Story = {
  args: {src: scripted('stale', async (call) => (call === 0 ? {body: await json(WEEK)} : {status: 503})), refresh: 15},
};

/** A refresh changed the schedule (after 15 s): a polite notice says what changed, with Dismiss. */
export const ChangedOnRefresh: Story = {
  args: {src: scripted('changed', async (call) => ({body: await json(call === 0 ? WEEK : WEEK_CHANGED)})), refresh: 15},
};

/** Nothing to read: no `src`, `data` or inline JSON. */
export const NotConfigured: Story = {args: {src: undefined}};
