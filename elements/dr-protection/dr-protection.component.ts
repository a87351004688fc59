import './messages.js';
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { headings, stack, tokens } from '../core/styles.js';
import { controls, tables } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatAgo, formatDate, formatDuration, formatMoney, formatPercent, formatRelative } from '../core/format.js';

export type ServerProtectionAttributes = Schemas['ServerProtectionAttributes'];
export type RecoveryStatus = ServerProtectionAttributes['recovery']['status'];
export type ProtectionTierAttributes = Schemas['ProtectionTierAttributes'];

/** When a test restore started: "3 Dec 2026, 14:05" in the reader's locale and zone. */
const RESTORE_TIME: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };

/** A restore run's attributes with its id, as a server's `lastRestore` carries it. */
export type RestoreRunAttributes = Schemas['RestoreRunAttributes'] & { id: string };
type ServerProtection = Schemas['ServerProtection'];

export interface ProtectionTierRequestedDetail {
  /** Always `addon`: a tier is an add-on order. */
  type: 'addon';
  /** The server (service) id, for the wizard's `service`. */
  serviceId: string;
  serverName: string;
  /** The catalog add-on of the chosen tier, for the wizard's `addon`. */
  tierId: string;
}

const TONE: Record<RecoveryStatus, string> = {
  within: 'success',
  outside: 'danger',
  never: 'danger',
  unprotected: 'muted',
  unknown: 'warning',
};

/**
 * @tag gp-dr-protection
 * @summary The disaster-recovery add-on: each server with its protection tier, last good
 * snapshot and copy at the second site, a clear "within / outside your recovery point"
 * with the reason in words, "Snapshot now" and "Test restore" (technical role) with
 * progress until the provider reports the outcome, and the tiers side by side with their
 * price. Choosing a tier emits `gp-protection-tier-requested`; open `gp-upgrade-wizard`
 * with `type="addon"`, `service` and `addon` from it, so the change is ordered, coded and
 * reviewed like any other order (billing role). Updates live from the `protection` stream.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @fires gp-protection-tier-requested - A tier was chosen for a server; `detail`: type ('addon'), serviceId, serverName, tierId.
 *
 * @csspart server - One server's row.
 * @csspart status - The recovery point badge.
 * @csspart snapshot - The "Snapshot now" button.
 * @csspart restore - The "Test restore" button.
 * @csspart restore-target - The last test restore's technical name (the new server), for support; absent when it failed.
 * @csspart tiers - The tier comparison table.
 * @csspart choose - A tier's "Choose" button.
 */
export class GpDrProtection extends GpElement {
  static override styles = [
    tokens,
    controls,
    tables,
    stack,
    headings,
    css`
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      tr.outside > * {
        background: color-mix(in srgb, var(--_danger) 6%, var(--_surface));
      }
      .current {
        background: color-mix(in srgb, var(--_primary) 8%, var(--_surface));
      }
      /* "Außerhalb Ihres Wiederherstellungspunkts" is wider than a phone: the badge wraps. */
      .badge[part='status'] {
        white-space: normal;
        border-radius: 0.75em;
      }
      .technical {
        font-size: 0.85em;
        /* A clone's name is one long word: it wraps rather than widening the table on a phone. */
        overflow-wrap: anywhere;
      }
      label.for {
        display: inline-flex;
        gap: 0.5rem;
        align-items: center;
      }
    `,
  ];

  @state() private busy = '';
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;
  /** The server the tier comparison is for. */
  @state() private compareFor = '';

  private readonly data = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      const [servers, tiers, session] = await Promise.all([
        gp.api.get('/protection/servers', { signal }),
        gp.api.get('/protection/tiers', { signal }),
        gp.session(),
      ]);
      return {
        servers: servers.data,
        tiers: tiers.data,
        // Said up front rather than after a refused click; the host still decides.
        technical: !session || session.roles.includes('technical'),
        billing: !session || session.roles.includes('billing'),
      };
    },
    args: () => [this.gp] as const,
  });

  constructor() {
    super();
    this.listen('protection', () => void this.data.run());
    this.listen('orders', () => void this.data.run());
  }

  async #act(serverId: string, work: () => Promise<string>) {
    this.busy = serverId;
    this.message = null;
    try {
      this.message = { tone: 'success', text: await work() };
      await this.data.run();
    } catch (err) {
      this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('protectionSystem')) };
    } finally {
      this.busy = '';
    }
  }

  #snapshot(server: ServerProtection) {
    const t = this.localize;
    return this.#act(server.id, async () => {
      const doc = await this.gp!.api.send('POST', `/protection/servers/${encodeURIComponent(server.id)}/snapshots`);
      return doc.data.attributes.pending
        ? t.term('drSnapshotPending', server.attributes.serverName)
        : t.term('drSnapshotTaken', server.attributes.serverName);
    });
  }

  #restore(server: ServerProtection) {
    return this.#act(server.id, async () => {
      const doc = await this.gp!.api.send('POST', `/protection/servers/${encodeURIComponent(server.id)}/restores`, {
        data: { type: 'protection-restores', attributes: {} },
      });
      return this.localize.term('drRestoreStarted', this.#restoreName(doc.data.attributes, server.attributes.serverName));
    });
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    return html`<section class="base" aria-labelledby="dr-title">
      <h2 id="dr-title">${t.term('drTitle')}</h2>
      ${this.message ? html`<p class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</p>` : nothing}
      ${this.data.render({
        pending: () => (this.data.value ? this.#renderAll(this.data.value) : this.renderLoading(3)),
        complete: (v) => (v ? this.#renderAll(v) : nothing),
        error: (e) =>
          this.renderError(e, () => void this.data.run(), this.localize.term('protectionFailed'), this.localize.term('protectionSystem')),
      })}
    </section>`;
  }

  #renderAll(v: NonNullable<GpDrProtection['data']['value']>) {
    const t = this.localize;
    if (!v.servers.length) return html`<p class="state" part="state"><slot name="empty">${t.term('drEmpty')}</slot></p>`;
    return html`<div class="table-wrap">
        <table class="stack" aria-labelledby="dr-title">
          <thead>
            <tr>
              <th scope="col">${t.term('drServer')}</th>
              <th scope="col">${t.term('drStatus')}</th>
              <th scope="col">${t.term('drLastSnapshot')}</th>
              <th scope="col">${t.term('drReplica')}</th>
              <th scope="col">${t.term('drActions')}</th>
            </tr>
          </thead>
          <tbody>
            ${v.servers.map((s) => this.#renderServer(s, v.technical))}
          </tbody>
        </table>
      </div>
      ${v.technical ? nothing : html`<p class="muted">${t.term('drTechnicalOnly')}</p>`} ${v.tiers.length ? this.#renderTiers(v) : nothing}`;
  }

  /** A span (a promise, a cadence) with Intl's plurals: "60 min", "1 day", "3 Tage". */
  #age(minutes: number): string {
    return formatDuration(minutes, this.locale, 'short');
  }

  #renderServer(server: ServerProtection, technical: boolean) {
    const t = this.localize;
    const a = server.attributes;
    const r = a.recovery;
    const restore = a.lastRestore;
    const busy = this.busy === server.id;
    const running = restore?.status === 'running';
    // A disabled action always says why (as its description and its tooltip).
    const snapshotWhy = !technical
      ? t.term('drTechnicalOnly')
      : a.error
        ? t.term('drProviderError', a.serverName)
        : !a.tier
          ? t.term('drChooseTier')
          : undefined;
    const restoreWhy =
      snapshotWhy ??
      (running ? this.#restoreText(restore!, a.serverName) : !r.lastGoodSnapshotAt ? t.term('drStatusLabel').never : undefined);
    return html`<tr part="server" class=${r.status === 'outside' || r.status === 'never' ? 'outside' : ''}>
      <th scope="row">
        ${a.serverName}
        <div class="muted">${a.tier ? a.tier.name : t.term('drNoTier')}${a.region ? html` · ${a.region}` : nothing}</div>
      </th>
      <td data-label=${t.term('drStatus')}>
        <span class="badge ${TONE[r.status]}" part="status">${t.term('drStatusLabel')[r.status]}</span>
        ${a.tier ? html`<div class="muted">${a.tier.name} ${t.term('drPromise', formatDuration(a.tier.rpoMinutes, this.locale))}</div>` : html`<div class="muted">${t.term('drChooseTier')}</div>`}
        ${r.reasons.map((reason) => html`<div class="muted">${t.term('drReason')[reason] ?? reason}</div>`)}
        ${r.testRestoreDue ? html`<div class="muted">${t.term('drTestDue')}</div>` : nothing}
        ${
          // The storage's own words name its vendor and are in English: the customer gets the kit's, in their language.
          a.error ? html`<div class="notice error" role="status">${t.term('drProviderError', a.serverName)}</div>` : nothing
        }
      </td>
      <td data-label=${t.term('drLastSnapshot')}>${r.snapshotAgeMinutes == null ? t.term('drNoSnapshot') : formatAgo(r.snapshotAgeMinutes, this.locale)}</td>
      <td data-label=${t.term('drReplica')}>
        ${
          // A tier without a second site promises no copy there: the row agrees with the tier table.
          a.tier && !a.tier.replication
            ? t.term('drReplicaNotInTier', a.tier.name)
            : html`${r.replicaAgeMinutes == null ? t.term('drNoReplica') : formatAgo(r.replicaAgeMinutes, this.locale)}
              ${a.replication ? html`<div class="muted">${t.term('drReplication')[a.replication.state]}${a.replication.target ? html` · ${a.replication.target}` : nothing}</div>` : nothing}`
        }
      </td>
      <td data-label=${t.term('drActions')}>
        <div class="actions">
          <button class="button ${r.status === 'outside' || r.status === 'never' ? '' : 'secondary'}" part="snapshot" ?disabled=${busy || !!snapshotWhy} title=${snapshotWhy ?? nothing} aria-describedby=${snapshotWhy ? `why-s-${server.id}` : nothing} aria-label=${t.term('drSnapshotFor', a.serverName)} @click=${() => this.#snapshot(server)}>
            ${t.term('drSnapshotNow')}
          </button>
          <button class="button secondary" part="restore" ?disabled=${busy || !!restoreWhy} title=${restoreWhy ?? nothing} aria-describedby=${restoreWhy ? `why-r-${server.id}` : nothing} aria-label=${t.term('drTestRestoreFor', a.serverName)} @click=${() => this.#restore(server)}>
            ${t.term('drTestRestore')}
          </button>
        </div>
        ${snapshotWhy ? html`<span class="visually-hidden" id=${`why-s-${server.id}`}>${snapshotWhy}</span>` : nothing}
        ${restoreWhy ? html`<span class="visually-hidden" id=${`why-r-${server.id}`}>${restoreWhy}</span>` : nothing}
        ${
          restore
            ? html`<div class="muted" role="status" title=${restore.targetName}>${this.#restoreText(restore, a.serverName)}</div>
              ${
                // A failed restore made no new server to name; where the storage may have made one, the reason says so.
                restore.status === 'failed'
                  ? nothing
                  : html`<div class="muted technical" part="restore-target">${t.term('drRestoreTarget', restore.targetName)}</div>`
              }`
            : nothing
        }
        ${running ? html`<progress max="100" value=${restore!.progress ?? nothing} aria-label=${this.#restoreText(restore!, a.serverName)}></progress>` : nothing}
      </td>
    </tr>`;
  }

  #restoreText(run: RestoreRunAttributes, serverName: string): string {
    const t = this.localize;
    const name = this.#restoreName(run, serverName);
    const progress = run.progress == null ? '' : formatPercent(run.progress / 100, this.locale);
    if (run.status === 'running') return t.term('drRestoreRunning', name, progress);
    if (run.status === 'succeeded') return t.term('drRestoreSucceeded', name, formatRelative(run.finishedAt ?? run.startedAt, this.locale));
    return t.term('drRestoreFailed', name, run.message ?? '');
  }

  /**
   * "Test restore of web-01, 3 Dec 2026, 14:05" instead of the clone's name
   * (`web-01-restore-test-2026-12-03-1405-a1b2`): the server it restores and when it started,
   * in the reader's language and time zone.
   */
  #restoreName(run: Pick<RestoreRunAttributes, 'startedAt'>, serverName: string): string {
    const when = formatDate(run.startedAt, this.locale, RESTORE_TIME);
    return this.localize.term('drRestoreName', serverName, when);
  }

  #renderTiers(v: NonNullable<GpDrProtection['data']['value']>) {
    const t = this.localize;
    // Until the customer picks one: the server that needs attention most.
    const urgency = (s: ServerProtection) =>
      ({ outside: 0, never: 0, unknown: 1, within: 2, unprotected: 3 })[s.attributes.recovery.status];
    const selected = v.servers.find((s) => s.id === this.compareFor) ?? [...v.servers].sort((a, b) => urgency(a) - urgency(b))[0]!;
    const inContract = selected.attributes.inContract;
    const current = selected.attributes.tier?.id;
    const yesNo = (b: boolean) => (b ? t.term('drYes') : t.term('drNo'));
    const chooseWhy = (tier: string) =>
      tier === current ? t.term('drCurrent') : !v.billing ? t.term('drBillingOnly') : !inContract ? t.term('drNoPlan') : undefined;
    const rows: [string, (tier: Schemas['ProtectionTier']) => unknown][] = [
      [t.term('drRpo'), (x) => this.#age(x.attributes.rpoMinutes)],
      [t.term('drCadence'), (x) => t.term('drEvery', this.#age(x.attributes.snapshotEveryMinutes))],
      [t.term('drRetention'), (x) => t.term('drDays', x.attributes.retentionDays)],
      [t.term('drReplicationRow'), (x) => yesNo(x.attributes.replication)],
      [
        t.term('drTestRestoreRow'),
        (x) => (x.attributes.testRestoreDays ? t.term('drEveryDays', x.attributes.testRestoreDays) : t.term('drNo')),
      ],
      [t.term('drPrice'), (x) => t.term('drPerMonth', formatMoney(x.attributes.monthlyAmount, x.attributes.currency, this.locale))],
    ];
    return html`<section aria-labelledby="dr-compare">
      <h3 id="dr-compare">${t.term('drCompareTitle')}</h3>
      <label class="for"
        >${t.term('drCompareFor')}
        <select @change=${(e: Event) => (this.compareFor = (e.target as HTMLSelectElement).value)}>
          ${v.servers.map((s) => html`<option value=${s.id} ?selected=${s.id === selected.id}>${s.attributes.serverName}</option>`)}
        </select>
      </label>
      <div class="table-wrap">
        <table class="stack" part="tiers" aria-labelledby="dr-compare">
          <thead>
            <tr>
              <td></td>
              ${v.tiers.map((tier) => html`<th scope="col" class=${tier.id === current ? 'current' : ''}>${tier.attributes.name}${tier.id === current ? html`<div class="muted" id="dr-current">${t.term('drCurrent')}</div>` : nothing}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map(([label, cell]) => html`<tr><th scope="row">${label}</th>${v.tiers.map((tier) => html`<td class=${tier.id === current ? 'current' : ''} data-label=${tier.attributes.name}>${cell(tier)}</td>`)}</tr>`)}
            <tr>
              <td></td>
              ${v.tiers.map(
                (tier) =>
                  html`<td class=${tier.id === current ? 'current' : ''} data-label=${tier.attributes.name}>
                    <button class="button" part="choose" ?disabled=${!!chooseWhy(tier.id)} title=${chooseWhy(tier.id) ?? nothing} aria-describedby=${chooseWhy(tier.id) ? (tier.id === current ? 'dr-current' : 'dr-choose-why') : nothing} aria-label=${tier.id === current ? nothing : t.term('drChooseFor', tier.attributes.name, selected.attributes.serverName)}
                      @click=${() => this.emit<ProtectionTierRequestedDetail>('gp-protection-tier-requested', { type: 'addon', serviceId: selected.id, serverName: selected.attributes.serverName, tierId: tier.id })}>
                      ${
                        // The current tier's button says why it is disabled itself: on a phone the table's head is not shown.
                        tier.id === current ? t.term('drCurrent') : t.term('drChoose')
                      }
                    </button>
                  </td>`,
              )}
            </tr>
          </tbody>
        </table>
      </div>
      ${!v.billing ? html`<p class="muted" id="dr-choose-why">${t.term('drBillingOnly')}</p>` : !inContract ? html`<p class="muted" id="dr-choose-why">${t.term('drNoPlan')}</p>` : nothing}
    </section>`;
  }
}
