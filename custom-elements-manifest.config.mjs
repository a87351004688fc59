// `npm run manifest`: custom-elements.json from the elements' JSDoc (@summary, @fires,
// @csspart, @cssprop, @slot), with Lit's decorators understood.
export default {
  globs: ['elements/**/*.component.ts'],
  exclude: ['elements/**/*.test.ts'],
  outdir: '.',
  litelement: true,
};
