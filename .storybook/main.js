import {existsSync} from 'node:fs';

// Real files the stories load by URL: the format fixtures and the demo's data.
const staticDirs = [
  {from: '../test/fixtures', to: '/fixtures'},
  {from: '../demo/data', to: '/demo-data'},
].filter(({from}) => existsSync(new URL(from, import.meta.url)));

/** @type {import('@storybook/web-components-vite').StorybookConfig} */
export default {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|js)'],
  framework: '@storybook/web-components-vite',
  addons: ['@storybook/addon-docs'],
  staticDirs,
  core: {disableTelemetry: true},
  // Storybook's own UI chunks are large; our bundles have their own budget (scripts/size-budget.js).
  viteFinal: (config) => ({...config, build: {...config.build, chunkSizeWarningLimit: 2000}}),
};
