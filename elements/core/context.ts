import { createContext } from '@lit/context';
import type { ApiClient } from './api-client.js';
import type { StreamHub } from './stream.js';

/** What `gp-provider` gives every element inside it. */
export interface GlasspaneContext {
  api: ApiClient;
  stream: StreamHub;
  /** BCP 47 locale the provider was told to use, or '' to follow the page. */
  locale: string;
}

export const glasspaneContext = createContext<GlasspaneContext | undefined>(Symbol.for('glasspane.context'));
