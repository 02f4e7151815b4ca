import {html} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import '../src/speakers/define.js';
import {pageFetch, scripted} from './support/scripted-server.js';

/**
 * The stories read real files: the Sessionize and pretalx/frab exports under
 * /fixtures/formats/ and the speakers' own sample (local photos, a broken
 * one, long bios, featured speakers, non-ASCII names) under
 * /fixtures/speakers/. The states that need a live server (loading, a
 * refresh that fails) use a scripted stand-in below, so every story works
 * offline. (The Sessionize photos are on sessionize.com: offline, those cards
 * show the initials fallback.)
 */

const SAMPLE = '/fixtures/speakers/event.json';
const SESSIONIZE = '/fixtures/formats/sessionize-all-linz-2024.json';
const FRAB = '/fixtures/formats/frab-schedule-pretalx-rc3.json';

const sample = async (): Promise<unknown> => (await pageFetch(SAMPLE)).json();

interface SpeakersArgs {
  src?: string;
  format?: string;
  layout?: 'grid' | 'list' | 'compact';
  sort?: 'source' | 'name';
  speakers?: string;
  session?: string;
  noPhotos?: boolean;
  timezone?: string;
  headingLevel?: number;
  refresh?: number;
  lang?: string;
  theme?: 'light' | 'dark' | 'auto';
  /** Width of the box the widget sits in (CSS length), to show how it adapts. */
  width?: string;
}

const meta: Meta<SpeakersArgs> = {
  title: 'Widgets/Speakers',
  component: 'trust-speakers',
  args: {src: SAMPLE},
  argTypes: {
    layout: {control: 'inline-radio', options: ['grid', 'list', 'compact']},
    sort: {control: 'inline-radio', options: ['source', 'name']},
    theme: {control: 'inline-radio', options: ['light', 'dark', 'auto']},
    width: {control: 'text'},
  },
  render: (args) => html`<div style="max-inline-size: ${args.width ?? '72rem'}">
    <trust-speakers
      src=${ifDefined(args.src)}
      format=${ifDefined(args.format)}
      layout=${ifDefined(args.layout)}
      sort=${ifDefined(args.sort)}
      speakers=${ifDefined(args.speakers)}
      session=${ifDefined(args.session)}
      ?no-photos=${args.noPhotos}
      timezone=${ifDefined(args.timezone)}
      heading-level=${ifDefined(args.headingLevel)}
      refresh=${ifDefined(args.refresh)}
      lang=${ifDefined(args.lang)}
      theme=${ifDefined(args.theme)}
    ></trust-speakers>
  </div>`,
};
export default meta;

type Story = StoryObj<SpeakersArgs>;

/** Cards in as many columns as the box has room for. Featured speakers first; a broken photo falls back to initials (Zoë Adams). */
export const Grid: Story = {args: {layout: 'grid'}};

/** One card per row, the photo beside the text (below it in a narrow box). */
export const List: Story = {args: {layout: 'list'}};

/** Avatars, names and roles only: for a sidebar or a "who's speaking" strip. */
export const Compact: Story = {args: {layout: 'compact'}};

/** A real Sessionize "All" export (Global Azure Linz 2024): taglines split into role and organisation, times in Vienna's zone. */
export const Sessionize: Story = {args: {src: SESSIONIZE, timezone: 'Europe/Vienna'}};

/** A real pretalx frab-style schedule (rC3 2020): 56 people who have only a public name and no photo. */
export const PretalxFrab: Story = {args: {src: FRAB, timezone: 'Europe/Berlin'}};

/** `no-photos`: no image is requested from anywhere; initials only. */
export const NoPhotos: Story = {args: {src: SESSIONIZE, noPhotos: true, timezone: 'Europe/Vienna'}};

/** `session`: the speakers of one session, for a session's own page. */
export const OneSession: Story = {args: {session: 'welcome', layout: 'list'}};

/** `speakers`: a chosen few, by id. */
export const ChosenSpeakers: Story = {args: {speakers: 'kyle zoe asa', layout: 'compact'}};

/** `sort="name"`, collated in the page's language (Å sorts with A in English, after Z in Swedish). */
export const SortedByName: Story = {args: {sort: 'name', layout: 'compact'}};

export const SortedByNameInSwedish: Story = {args: {sort: 'name', layout: 'compact', lang: 'sv'}};

/** A 320px box: one column, nothing cut off or scrolling sideways. */
export const Narrow: Story = {args: {width: '320px'}};

export const Dark: Story = {args: {theme: 'dark'}};

/** Waiting for the first answer. */
export const Loading: Story = {args: {src: scripted('loading', () => 'never')}};

/** The source has no speakers yet. */
export const Empty: Story = {args: {src: scripted('empty', () => ({body: {event: {timeZone: 'Europe/London'}, sessions: [], speakers: []}}))}};

/** A session nobody has been announced for. */
export const EmptySession: Story = {args: {session: 'no-such-session'}};

/** The server fails: an error with Try again. */
export const ServerError: Story = {args: {src: scripted('error', () => ({status: 500, body: {error: 'Internal error'}}))}};

/** The address is wrong (404). */
export const NotFound: Story = {args: {src: '/fixtures/speakers/no-such-file.json'}};

/** A refresh failed after a good load (after 15 s): the cards stay, with a discreet notice and Try again. */
export const Stale: Story = {
  args: {src: scripted('stale', async (call) => (call === 0 ? {body: await sample()} : {status: 503})), refresh: 15, layout: 'compact'},
};

/** Nothing to read: no `src`, `data` or inline JSON. */
export const NotConfigured: Story = {args: {src: undefined}};
