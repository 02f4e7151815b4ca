// Custom Elements Manifest: generated from the classes' JSDoc (@summary, @fires,
// @slot, @csspart, @cssproperty); feeds Storybook's controls and docs and editors.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json already points at ./custom-elements.json; never rewrite it.
  packagejson: false,
};
