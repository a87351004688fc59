import { registerMessages } from '../core/localize.js';

/** English messages of `gp-knowledge-base`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  articlesFailed: 'Articles could not be loaded',
  kbSystem: 'The knowledge base',
  kbSearch: 'Search the knowledge base',
  kbResults: (n: number) => (n === 1 ? '1 article' : `${n} articles`),
  kbNoResults: 'No article matches. Try other words, or open a ticket.',
  kbAll: 'All topics',
  kbCategories: 'Topics',
  updatedOn: (date: string) => `Updated ${date}`,
  kbBack: 'Back to all articles',
  /** An article not yet written in the reader's language, shown in `language` (its name in the reader's language). */
  kbFallback: (language: string) => `in ${language}`,
};

type KnowledgeBaseMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends KnowledgeBaseMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
