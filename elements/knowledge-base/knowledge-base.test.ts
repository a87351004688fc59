import { expect, html } from '@open-wc/testing';
import './knowledge-base.js';
import type { GpKnowledgeBase } from './knowledge-base.component.js';
import { mount, until } from '../test/helpers.js';

describe('gp-knowledge-base', () => {
  it('searches while typing with highlighted words, and opens an article rendered from Markdown', async () => {
    const { el } = await mount<GpKnowledgeBase>(html`<gp-knowledge-base></gp-knowledge-base>`);
    await until(() => el.shadowRoot!.querySelectorAll('.result').length >= 2, 'all articles listed');
    const q = el.shadowRoot!.querySelector<HTMLInputElement>('#q')!;
    q.value = 'rescue';
    q.dispatchEvent(new InputEvent('input'));
    await until(
      () => el.shadowRoot!.querySelectorAll('.result').length === 1 && el.shadowRoot!.querySelector('.result mark'),
      'one match highlighted',
    );
    expect(el.shadowRoot!.querySelector('.result mark')!.textContent!.toLowerCase()).to.equal('rescue');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('.result')!.click();
    await until(() => el.shadowRoot!.querySelector('article strong'), 'Markdown rendered');
    expect(el.shadowRoot!.querySelector('article strong')!.textContent).to.equal('rescue mode');
    expect(el.shadowRoot!.querySelector('article code')!.textContent).to.equal('passwd');
    const back = el.shadowRoot!.querySelector<HTMLButtonElement>('button.link')!;
    expect(back.textContent).to.equal('Back to all articles');
    back.click();
    await until(
      () => el.shadowRoot!.querySelectorAll('.result').length >= 1 && !el.shadowRoot!.querySelector('article'),
      'back to the list',
    );
  });

  it('a hostile article cannot run script', async () => {
    const { el } = await mount<GpKnowledgeBase>(html`<gp-knowledge-base article="hostile"></gp-knowledge-base>`);
    await until(() => el.shadowRoot!.querySelector('article')?.textContent?.includes('Open ports.'), 'article shown');
    const article = el.shadowRoot!.querySelector('article')!;
    // Any image left in the article has loaded or failed, so an error handler would have run.
    await until(() => [...article.querySelectorAll('img')].every((img) => img.complete), 'images settled');
    expect(article.querySelector('script')).to.equal(null);
    expect(article.querySelector('[onerror]')).to.equal(null);
    expect([...article.querySelectorAll('a')].every((a) => !a.getAttribute('href')?.startsWith('javascript:'))).to.be.true;
    expect((window as unknown as { __kbPwned?: number }).__kbPwned).to.equal(undefined);
  });

  it('says when nothing matches, in German', async () => {
    const { el } = await mount<GpKnowledgeBase>(html`<gp-knowledge-base></gp-knowledge-base>`, { locale: 'de' });
    const q = el.shadowRoot!.querySelector<HTMLInputElement>('#q')!;
    q.value = 'xylophon';
    q.dispatchEvent(new InputEvent('input'));
    await until(() => el.shadowRoot!.textContent!.includes('Kein Artikel passt'), 'no results');
    await expect(el).to.be.accessible();
  });
});
