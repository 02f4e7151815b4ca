import {html} from 'lit';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import '../src/define.js';

/**
 * The widgets themed for a partner organisation through the public custom
 * properties alone (the demo's partner page does the same), and in the dark
 * and automatic colour schemes.
 */
const meta: Meta = {
  title: 'Theming',
  render: () => html``,
};
export default meta;

const PARTNER = [
  '--trust-brand: #5b2a86',
  '--trust-brand-dark: #3b1559',
  '--trust-text: #1d1d1b',
  '--trust-secondary-text: #55555a',
  '--trust-background: #fffdf8',
  '--trust-surface: #f4efe6',
  '--trust-border: #d6cfc2',
  '--trust-focus: #ffbf47',
  '--trust-radius: 12px',
  '--trust-font: Georgia, "Times New Roman", serif',
].join('; ');

const widgets = (attrs: {theme?: string} = {}) => html`
  <trust-follow-counter theme=${attrs.theme ?? 'light'} src="/fixtures/formats/bluesky-get-profile.json" format="bluesky" goal="600"></trust-follow-counter>
  <trust-schedule theme=${attrs.theme ?? 'light'} src="/demo-data/social-media-week.json" day="2016-10-28"></trust-schedule>
  <trust-hashtag-feed theme=${attrs.theme ?? 'light'} src="/fixtures/feed/native-posts.json" format="native" hashtag="NelftSoMeWeek" max-posts="3" no-avatars no-media></trust-hashtag-feed>
`;

/** A council's brand: purple, warm background, serif type, rounder corners. */
export const PartnerBrand: StoryObj = {
  render: () => html`<div class="partner" data-theme="partner">${widgets()}</div>
    <style>
      .partner { ${PARTNER}; display: grid; gap: 2rem; }
    </style>`,
};

export const Dark: StoryObj = {
  render: () => html`<div style="display: grid; gap: 2rem; background: #1b2329; padding: 1rem">${widgets({theme: 'dark'})}</div>`,
};

/** Follows the reader's system setting (prefers-color-scheme). */
export const Automatic: StoryObj = {
  render: () => html`<div style="display: grid; gap: 2rem">${widgets({theme: 'auto'})}</div>`,
};
