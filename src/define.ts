/**
 * Registers all four widgets. This is the entry of dist/trust-widgets.js, the
 * one file a CMS page loads with a single <script type="module">.
 */
export * from './schedule/define.js';
export * from './speakers/define.js';
export * from './hashtag-feed/define.js';
export * from './follow-counter/define.js';
