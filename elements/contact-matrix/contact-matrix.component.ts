import './messages.js';
import '../core/shared-messages.js';
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls, tables } from '../core/controls.js';
import type { Resource, Schemas } from '../core/api-client.js';
import { formatDateTime } from '../core/format.js';

/** A matrix as the host answers it (its defaults applied) and what it says to do right now. */
type Matrix = Schemas['ContactMatrix'];
type Contact = Matrix['contacts'][number];
type ReachNow = Schemas['ReachNow'];

/**
 * @tag gp-contact-matrix
 * @summary Per project: the contacts with their ITIL roles, service hours, and "who to
 * contact right now" for the chosen urgency, computed by the host in the provider's time
 * zone (inside service hours the escalation path, outside them the on-call path), with
 * `tel:` and `mailto:` links.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @csspart base - The wrapper.
 * @csspart now - The "right now" answer.
 * @csspart contacts - The contact table.
 */
export class GpContactMatrix extends GpElement {
  static override styles = [
    tokens,
    controls,
    tables,
    stack,
    css`
      .now {
        padding: var(--_space);
        border-radius: var(--_radius);
        border: 2px solid var(--_primary);
        background: var(--_surface);
      }
      .now .first {
        font-size: 1.2em;
        font-weight: 700;
      }
      ol {
        margin: 0.5rem 0 0;
        padding-inline-start: 1.2rem;
      }
      a {
        color: var(--_primary);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
    `,
  ];

  /** The project to show; the first one when empty. */
  @property({ reflect: true }) project = '';

  @property({ reflect: true }) urgency: 'blocker' | 'critical' | 'major' | 'minor' = 'blocker';

  @state() private matrices: Resource<Matrix>[] = [];

  private readonly list = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      this.matrices = (await gp.api.get('/contact-matrices', { signal })).data;
      return this.matrices;
    },
    args: () => [this.gp] as const,
  });

  private readonly now = new Task(this, {
    task: async ([gp, project, urgency], { signal }) => {
      if (!gp || !project) return undefined;
      return (await gp.api.get(`/contact-matrices/${encodeURIComponent(project)}/reach-now`, { signal, query: { urgency } })).data
        .attributes;
    },
    args: () => [this.gp, this.project || this.matrices[0]?.id || '', this.urgency] as const,
  });

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    return this.list.render({
      pending: () => this.renderLoading(3),
      complete: () => this.#render(),
      error: (e) =>
        this.renderError(e, () => void this.list.run(), this.localize.term('contactsFailed'), this.localize.term('contactSystem')),
    });
  }

  #render() {
    const t = this.localize;
    const current = this.matrices.find((m) => m.id === this.project) ?? this.matrices[0];
    if (!current) return html`<div class="state"><slot name="empty">${t.term('noMatrix')}</slot></div>`;
    const m = current.attributes;
    return html`<div class="base" part="base">
      <div class="row">
        ${
          this.matrices.length > 1
            ? html`<label for="project">${t.term('project')}</label>
              <select id="project" @change=${(e: Event) => (this.project = (e.target as HTMLSelectElement).value)}>
                ${this.matrices.map((x) => html`<option value=${x.id} ?selected=${x.id === current.id}>${x.attributes.name}</option>`)}
              </select>`
            : html`<strong>${m.name}</strong>`
        }
        <label for="urgency">${t.term('forUrgency')}</label>
        <select id="urgency" @change=${(e: Event) => (this.urgency = (e.target as HTMLSelectElement).value as GpContactMatrix['urgency'])}>
          ${(['blocker', 'critical', 'major', 'minor'] as const).map((u) => html`<option value=${u} ?selected=${u === this.urgency}>${t.term('urgencyName')[u]}</option>`)}
        </select>
      </div>
      ${this.now.render({
        pending: () => this.renderLoading(2),
        complete: (r) => (r ? this.#renderNow(r) : nothing),
        error: (e) =>
          this.renderError(e, () => void this.now.run(), this.localize.term('contactsFailed'), this.localize.term('contactSystem')),
      })}
      <div class="table-wrap">
      <table part="contacts" class="stack">
        <caption class="visually-hidden">${t.term('contacts')}</caption>
        <thead>
          <tr><th scope="col">${t.term('serverName')}</th><th scope="col">${t.term('roleLabel')}</th><th scope="col">${t.term('phone')}</th><th scope="col">${t.term('email')}</th></tr>
        </thead>
        <tbody>
          ${m.contacts.map(
            (c) => html`<tr>
              <td data-label=${t.term('serverName')}>${c.name}</td>
              <td data-label=${t.term('roleLabel')}>${t.term('contactRole')[c.role] ?? c.role}</td>
              <td data-label=${t.term('phone')}>${c.phone ? html`<a href=${`tel:${c.phone.replace(/[^+\d]/g, '')}`}>${c.phone}</a>` : '—'}</td>
              <td data-label=${t.term('email')}>${c.email ? html`<a href=${`mailto:${c.email}`}>${c.email}</a>` : '—'}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
      <p>
        <strong>${t.term('serviceHours')}:</strong>
        ${m.serviceHours.map((h) => `${h.days.map((d) => t.term('weekdays')[d - 1]).join(', ')} ${h.from}–${h.to}`).join('; ')} (${m.timeZone})
      </p>
    </div>`;
  }

  #renderNow(r: ReachNow) {
    const t = this.localize;
    const time = r.localTime.slice(11, 16);
    const summary = r.inServiceHours
      ? t.term('inHours', time, r.timeZone)
      : r.reason.includes('next_service_hours') && r.nextServiceStart
        ? t.term('waitForHours', time, r.timeZone, formatDateTime(r.nextServiceStart, this.locale, r.timeZone))
        : t.term('outOfHours', time, r.timeZone);
    const [first, ...rest] = r.path;
    const contactLine = (c: Contact) =>
      html`${c.name} (${t.term('contactRole')[c.role] ?? c.role})${c.phone ? html` · <a href=${`tel:${c.phone.replace(/[^+\d]/g, '')}`}>${c.phone}</a>` : nothing}${c.email ? html` · <a href=${`mailto:${c.email}`}>${c.email}</a>` : nothing}`;
    return html`<section class="now" part="now" aria-label=${t.term('whoNow')} role="status">
      <strong>${t.term('whoNow')}</strong>
      <p>${summary}</p>
      ${first ? html`<div>${t.term('callFirst')}: <span class="first">${contactLine(first.contact)}</span></div>` : nothing}
      ${rest.length ? html`<ol>${rest.map((s) => html`<li>${t.term('thenAfter', t.term('minutes', s.afterMinutes))}: ${contactLine(s.contact)}</li>`)}</ol>` : nothing}
    </section>`;
  }
}
