// `npm run manifest`: custom-elements.json from the elements' JSDoc (@summary, @fires,
// @csspart, @cssprop, @slot), with Lit's decorators understood.
export default {
  globs: ['elements/**/*.component.ts'],
  exclude: ['elements/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names the file; a run into another directory must not rename it.
  packagejson: false,
};
