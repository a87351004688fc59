import { html, nothing, type TemplateResult } from 'lit';

/**
 * One icon per event type, each a single template with its count (a month draws hundreds
 * of them: nesting an icon template inside a span template would double the instances).
 * Stroked in `currentColor`, so a theme recolours them; `count` is left out for one event.
 *
 * The count is drawn by CSS from the icon's `data-n`, not written as text: a day cell's name
 * says the counts in words ("1 ticket, 3 alerts"), and bare digits in its text, not all of
 * them in the name, would break "label in name" for people who speak to their browser.
 * Without a count there is no attribute, and so no generated box.
 */
export const EVENT_ICONS: Record<string, (cls: string, count?: string | number) => TemplateResult> = {
  ticket: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M3 7a2 2 0 0 0 2-2h14a2 2 0 0 0 2 2v2a2 2 0 0 0 0 4v2a2 2 0 0 0-2 2H5a2 2 0 0 0-2-2v-2a2 2 0 0 0 0-4z"/><path d="M13 5v2M13 11v2M13 17v2"/></svg></span>`,
  alert: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M7 18v-6a5 5 0 0 1 10 0v6"/><path d="M5 21h14"/><path d="M12 2v2M4.2 6.2l1.4 1.4M19.8 6.2l-1.4 1.4"/></svg></span>`,
  backup: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="2" y="6" width="20" height="12" rx="2"/><circle cx="8" cy="12" r="2"/><circle cx="16" cy="12" r="2"/><path d="M8 14h8"/></svg></span>`,
  ssl: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/></svg></span>`,
  domain: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a15 15 0 0 1 0 18M12 3a15 15 0 0 0 0 18"/></svg></span>`,
  maintenance: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.1-.6-.6-2.1z"/></svg></span>`,
  server: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="3" y="4" width="18" height="7" rx="1.5"/><rect x="3" y="13" width="18" height="7" rx="1.5"/><path d="M7 7.5h.01M7 16.5h.01"/></svg></span>`,
  order: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="9" cy="20" r="1.5"/><circle cx="18" cy="20" r="1.5"/><path d="M2 3h3l2.7 12.4a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 2-1.5L21 8H6"/></svg></span>`,
  payment: (cls, count) =>
    html`<span class=${cls} data-n=${count ?? nothing}><svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="2" y="5" width="20" height="14" rx="2"/><path d="M2 10h20"/></svg></span>`,
};
