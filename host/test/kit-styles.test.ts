// The kit build's style-sheet trimming (scripts/kit-build.ts, trimStyles): comments and
// indentation leave the shipped CSS, line by line, and nothing else changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TransformPluginContext } from 'rollup';
import { trimStyles } from '../../scripts/kit-build.js';

const transform = (code: string, id = '/repo/elements/core/styles.ts') => {
  const hook = trimStyles().transform as (this: TransformPluginContext, code: string, id: string) => { code: string } | undefined;
  return hook.call({} as TransformPluginContext, code, id)?.code;
};

test('a sheet loses its comments and indentation, keeps its lines, and the space beside an interpolation', () => {
  const source = [
    'export const tokens = css`',
    '  :host {',
    '    /* the colour',
    '       of text */',
    '    color: red;',
    '    border: ${width} solid;',
    '  }',
    '  ${hidden}',
    '`;',
  ].join('\n');
  assert.equal(
    transform(source),
    ['export const tokens = css`', ':host {', '', '', 'color: red;', 'border: ${width} solid;', '}', '${hidden}', '`;'].join('\n'),
  );
});

test('what it cannot read safely stays as written: backslashes, nested templates, other files', () => {
  const escaped = "const s = css`\n  a::before { content: '\\\\2014'; }\n`;";
  assert.equal(transform(escaped), undefined);
  const nested = 'const s = css`\n  a { color: ${dark ? `red` : `blue`}; }\n`;';
  assert.equal(transform(nested), undefined);
  assert.equal(transform('const s = css`\n  a { }\n`;', '/repo/host/app.ts'), undefined);
});
