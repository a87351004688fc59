import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvRow } from './csv.js';

test('cells a spreadsheet would run as formulas are defused and quoted', () => {
  assert.equal(csvCell('=1+1'), `"'=1+1"`);
  assert.equal(csvCell('+1'), `"'+1"`);
  assert.equal(csvCell('-2'), `"'-2"`);
  assert.equal(csvCell('@SUM(A1:A2)'), `"'@SUM(A1:A2)"`);
  assert.equal(csvCell('\t@SUM(A1)'), `"'\t@SUM(A1)"`);
  assert.equal(csvCell('\r=1+1'), `"'\r'=1+1"`, 'the line after the carriage return too');
  assert.equal(csvCell('notes\n=HYPERLINK("http://evil")'), `"notes\n'=HYPERLINK(""http://evil"")"`);
});

test('plain cells stay plain; commas, quotes and line breaks are quoted', () => {
  assert.equal(csvCell('in place'), 'in place');
  assert.equal(csvCell(''), '');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(12), '12');
  assert.equal(csvCell('a, b'), '"a, b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvRow(['1.2.1', '=x', 'ok']), `1.2.1,"'=x",ok`);
});
