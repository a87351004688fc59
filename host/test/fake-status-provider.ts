import type { StatusNotice, StatusProvider } from '../ports/status-provider.js';
import { definePlugin } from '../plugin.js';
import { testNow } from './test-clock.js';
import { StatusProviderToken } from '../ports/status-provider.js';
import { z } from 'zod';

/** An in-memory StatusProvider for host tests: notices set directly, failures on demand. */
export class MemoryStatusProvider implements StatusProvider {
  notices: StatusNotice[] = [];
  /** What `listNotices` throws: a plugin's `ProviderError`, or any other error a plugin lets through. */
  failing: Error | null = null;
  calls = 0;
  constructor(readonly source = 'memory') {}
  async listComponents() {
    return [];
  }
  async listNotices() {
    this.calls++;
    if (this.failing) throw this.failing;
    return structuredClone(this.notices);
  }
  acceptWebhook(payload: unknown) {
    const id = (payload as { incident?: { id?: string } })?.incident?.id;
    if (!id) throw new Error('not a webhook');
    return { kind: 'incident' as const, id };
  }
  plugin() {
    return definePlugin({
      id: this.source,
      provides: ['StatusProvider'],
      config: z.object({}),
      register: ({ container }) => {
        container.register(StatusProviderToken, { useValue: this });
      },
    });
  }
}

export function notice(partial: Partial<StatusNotice> & { id: string }): StatusNotice {
  const at = testNow().toISOString();
  return {
    kind: 'incident',
    title: `Notice ${partial.id}`,
    status: 'investigating',
    impact: 'minor',
    componentIds: [],
    scheduledFor: null,
    scheduledUntil: null,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    url: null,
    updates: [],
    ...partial,
  };
}
