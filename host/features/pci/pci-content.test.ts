import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentHash, loadPciContent, parsePciContent } from './content.js';

const TITLES = [
  'Install and Maintain Network Security Controls',
  'Apply Secure Configurations to All System Components',
  'Protect Stored Account Data',
  'Protect Cardholder Data with Strong Cryptography During Transmission Over Open, Public Networks',
  'Protect All Systems and Networks from Malicious Software',
  'Develop and Maintain Secure Systems and Software',
  'Restrict Access to System Components and Cardholder Data by Business Need to Know',
  'Identify Users and Authenticate Access to System Components',
  'Restrict Physical Access to Cardholder Data',
  'Log and Monitor All Access to System Components and Cardholder Data',
  'Test Security of Systems and Networks Regularly',
  'Support Information Security with Organizational Policies and Programs',
];

describe('PCI DSS content', () => {
  const content = loadPciContent();

  it('has the twelve principal requirements of v4.0.1 with their exact titles, in order', () => {
    assert.equal(content.version, '4.0.1');
    assert.deepEqual(
      content.requirements.map((r) => r.title.en),
      TITLES,
    );
    assert.deepEqual(
      content.requirements.map((r) => r.id),
      TITLES.map((_, i) => String(i + 1)),
    );
  });

  it('explains and fixes every item in both languages, in different words', () => {
    const items = content.requirements.flatMap((r) => r.items);
    assert.ok(items.length >= 40, `${items.length} items`);
    for (const r of content.requirements) assert.ok(r.items.length >= 2, `requirement ${r.id} has items`);
    for (const item of items) {
      for (const f of ['explanation', 'fix'] as const) {
        assert.ok(item[f].en.length > 40 && item[f].de.length > 40, `${item.id} ${f}`);
        assert.notEqual(item[f].en, item[f].de, `${item.id} ${f} is translated`);
      }
    }
    assert.ok(
      items.some((i) => i.responsibility === 'provider') &&
        items.some((i) => i.responsibility === 'shared') &&
        items.some((i) => i.responsibility === 'customer'),
    );
  });

  const broken = (change: (doc: any) => void) => {
    const doc = structuredClone(content) as any;
    change(doc);
    return () => parsePciContent(doc);
  };

  it('refuses a document with a problem, naming it', () => {
    assert.throws(
      broken((d) => d.requirements.pop()),
      /twelve requirements, not 11/,
    );
    assert.throws(
      broken((d) => (d.requirements[0].items[0].fix.de = '  ')),
      /item 1\.2\.1 has an empty de fix/,
    );
    assert.throws(
      broken((d) => d.requirements[1].items.push(structuredClone(d.requirements[1].items[0]))),
      /item 2\.2\.1 appears twice/,
    );
    assert.throws(
      broken((d) => d.requirements[2].items.push({ ...structuredClone(d.requirements[1].items[0]), id: '2.9.9' })),
      /item 2\.9\.9 is under requirement 3/,
    );
    assert.throws(
      broken((d) => (d.requirements[0].items[0].saq = ['Z'])),
      /saq/,
    );
  });

  it('fingerprints the words: the hash changes with the text and only then', () => {
    const item = content.requirements[7]!.items[0]!;
    const same = structuredClone(item);
    same.saq = ['A'];
    same.responsibility = 'provider';
    assert.equal(contentHash(same), contentHash(item));
    const edited = structuredClone(item);
    edited.fix.de += ' Neu.';
    assert.notEqual(contentHash(edited), contentHash(item));
  });
});
