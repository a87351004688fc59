import { expect, html, fixture } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { TaskStatus } from '@lit/task';
import './maintenance-banner.js';
import type { GpMaintenanceBanner } from './maintenance-banner.component.js';
import { mount, patchNotice, postNotice, resetNotices, streamReady, until } from '../test/helpers.js';

const notices = (el: GpMaintenanceBanner) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="notice"]')];
/** Waits until the banner's notices have been fetched and rendered. */
const loaded = async (el: GpMaintenanceBanner) => {
  await until(() => (el as unknown as { task: { status: number } }).task.status === TaskStatus.COMPLETE, 'notices loaded');
  await el.updateComplete;
};
const titles = (el: GpMaintenanceBanner) => notices(el).map((n) => n.querySelector('[part="title"]')!.textContent!.trim());

describe('gp-maintenance-banner', () => {
  beforeEach(async () => {
    localStorage.clear();
    await resetNotices();
  });

  it('shows active notices by severity, then upcoming maintenance with its window in local time', async () => {
    const inTwoDays = new Date(Date.now() + 2 * 86400_000);
    await postNotice({ title: 'Slow storage in FRA1', impact: 'minor' });
    await postNotice({
      title: 'Network outage FRA1',
      impact: 'critical',
      status: 'identified',
      body: 'A core switch failed; traffic is rerouted.',
    });
    await postNotice({
      kind: 'maintenance',
      title: 'Hypervisor updates',
      status: 'scheduled',
      impact: 'maintenance',
      scheduledFor: inTwoDays.toISOString(),
      scheduledUntil: new Date(inTwoDays.getTime() + 7200_000).toISOString(),
    });
    const { el } = await mount<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`);
    await until(() => notices(el).length === 3, 'three notices');
    expect(titles(el)).to.deep.equal(['Network outage FRA1', 'Slow storage in FRA1', 'Hypervisor updates']);
    const [critical, minor, upcoming] = notices(el);
    expect(critical!.classList.contains('critical')).to.be.true;
    expect(minor!.classList.contains('minor')).to.be.true;
    expect(upcoming!.classList.contains('upcoming')).to.be.true;
    expect(critical!.textContent).to.contain('A core switch failed');
    expect(critical!.textContent).to.contain('Affects web-01.acme');
    const expected = new Intl.DateTimeFormat('en', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(inTwoDays);
    expect(upcoming!.querySelector('[part="time"]')!.textContent).to.contain(expected);
    await expect(el).to.be.accessible();
  });

  it("shows only the tenant's notices and the platform-wide ones", async () => {
    await postNotice({ title: 'Acme only', componentIds: ['fra1'] });
    await postNotice({ title: 'Globex only', componentIds: ['ams1'] });
    await postNotice({ title: 'Everyone', componentIds: [] });
    const { el } = await mount<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`, { tenant: 'globex' });
    await until(() => notices(el).length === 2, 'two notices');
    expect(titles(el).sort()).to.deep.equal(['Everyone', 'Globex only']);
    expect(el.shadowRoot!.textContent).to.contain('Affects all customers');
  });

  it('updates live over the real SSE stream, and only a new serious notice is an alert', async () => {
    await postNotice({ title: 'Known minor issue', impact: 'minor' });
    const { el } = await mount<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`);
    await until(() => notices(el).length === 1, 'initial notice');
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    await streamReady(el);
    const id = await postNotice({ title: 'Database cluster down', impact: 'major' });
    await until(() => titles(el).includes('Database cluster down'), 'live notice arrived');
    const alert = el.shadowRoot!.querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('Database cluster down');
    await patchNotice(id, { status: 'resolved' });
    await until(() => !titles(el).includes('Database cluster down'), 'resolved notice removed live');
  });

  it('dismisses a notice with the keyboard, remembers it, and shows it again when it changes', async () => {
    const id = await postNotice({ title: 'Packet loss AMS', impact: 'minor', componentIds: [] });
    const { el } = await mount<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`);
    await until(() => notices(el).length === 1, 'notice shown');
    let dismissed: string | undefined;
    el.addEventListener('gp-maintenance-dismissed', (e) => (dismissed = e.detail.id));
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="dismiss"]')!;
    expect(button.getAttribute('aria-label')).to.equal('Dismiss notice: Packet loss AMS');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => notices(el).length === 0, 'dismissed');
    expect(dismissed).to.equal(id);

    const again = await fixture<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`, {
      parentNode: el.parentElement!,
    });
    await loaded(again);
    expect(notices(again).length, 'still dismissed in a new banner').to.equal(0);

    await patchNotice(id, { impact: 'major', body: 'Now affecting more routes.' });
    await until(() => notices(el).length === 1, 'changed notice shows again');
  });

  it('says "all systems operational" when asked, and renders nothing otherwise', async () => {
    const { provider, el } = await mount<GpMaintenanceBanner>(html`<gp-maintenance-banner show-all-clear></gp-maintenance-banner>`);
    await until(() => el.shadowRoot!.textContent!.includes('All systems operational'), 'all clear');
    await expect(el).to.be.accessible();
    const quiet = document.createElement('gp-maintenance-banner');
    provider.append(quiet);
    await loaded(quiet);
    expect(quiet.shadowRoot!.textContent!.trim()).to.equal('');
  });

  it('on a page with a top banner and a status list, shows each incident once', async () => {
    const inTwoDays = new Date(Date.now() + 2 * 86400_000);
    await postNotice({ title: 'Network outage FRA1', impact: 'major' });
    await postNotice({
      kind: 'maintenance',
      title: 'Hypervisor updates',
      status: 'scheduled',
      impact: 'maintenance',
      scheduledFor: inTwoDays.toISOString(),
      scheduledUntil: new Date(inTwoDays.getTime() + 3600_000).toISOString(),
    });
    // The demo's first screen: a banner at the top for what is happening now, the status card for the rest.
    const { provider, el: top } = await mount<GpMaintenanceBanner>(
      html`<gp-maintenance-banner hide-upcoming max-visible="2"></gp-maintenance-banner>`,
    );
    const list = document.createElement('gp-maintenance-banner') as GpMaintenanceBanner;
    list.showAllClear = true;
    list.hideActive = true;
    provider.append(list);
    await until(() => titles(top).length === 1 && titles(list).length === 1, 'both banners loaded');
    const everywhere = [...titles(top), ...titles(list)];
    expect(
      everywhere.filter((t) => t === 'Network outage FRA1'),
      'the incident once on the page',
    ).to.have.length(1);
    expect(titles(top)).to.deep.equal(['Network outage FRA1']);
    expect(titles(list)).to.deep.equal(['Hypervisor updates']);
    const pointer = list.shadowRoot!.querySelector('[part="elsewhere"]')!;
    expect(pointer.textContent).to.equal('One current notice, shown above.');
    expect(list.shadowRoot!.textContent, 'not "all clear" while an incident is on').not.to.contain('All systems operational');
    await expect(list).to.be.accessible();
  });

  it('speaks German, and marks a notice the status page wrote in English', async () => {
    await postNotice({ kind: 'maintenance', title: 'Speicherwartung', status: 'in_progress', impact: 'maintenance', locale: 'de' });
    await postNotice({
      kind: 'incident',
      title: 'Packet loss in FRA1',
      status: 'investigating',
      impact: 'minor',
      body: 'Looking into it.',
    });
    const { el } = await mount<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`, { locale: 'de' });
    await until(() => notices(el).length === 2, 'notices');
    const [english, german] = notices(el);
    expect(german!.querySelector('[part="status"]')!.textContent!.trim()).to.equal('Wartung läuft');
    expect(german!.querySelector('[part="dismiss"]')!.getAttribute('aria-label')).to.equal('Hinweis ausblenden: Speicherwartung');
    expect(german!.querySelector('[part="title"]')!.getAttribute('lang')).to.equal('de');
    expect(german!.querySelector('[part="language"]'), 'written in the reader’s language: no mark').to.equal(null);
    // The incident's words are the status page's: tagged English for screen readers, and marked in German.
    const title = english!.querySelector('[part="title"]')!;
    expect(title.getAttribute('lang')).to.equal('en');
    expect(english!.querySelector('.update')!.getAttribute('lang')).to.equal('en');
    const mark = title.querySelector('[part="language"]')!;
    expect([mark.textContent!.trim(), mark.getAttribute('lang')]).to.deep.equal(['auf Englisch', 'de']);
    await expect(el).to.be.accessible();
  });

  it('shows a readable error with a retry when the host refuses, and a hint without a provider', async () => {
    const provider = await fixture(
      html`<gp-provider api-base="/api/v1" token="not-a-token"><gp-maintenance-banner></gp-maintenance-banner></gp-provider>`,
    );
    const el = provider.querySelector('gp-maintenance-banner')!;
    await until(() => el.shadowRoot!.querySelector('[part~="error"]'), 'error state');
    expect(el.shadowRoot!.textContent).to.contain('malformed or its signature does not match');
    expect(el.shadowRoot!.querySelector('[part="retry"]')).to.exist;
    await expect(el).to.be.accessible();

    const orphan = await fixture<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`);
    expect(orphan.shadowRoot!.textContent).to.contain('inside a <gp-provider>');
  });

  it('fits 320 px without horizontal scrolling', async () => {
    await setViewport({ width: 320, height: 640 });
    await postNotice({
      title: 'A rather long incident title that has to wrap onto several lines at 320 pixels',
      impact: 'major',
      body: 'x'.repeat(200),
    });
    const { el } = await mount<GpMaintenanceBanner>(html`<gp-maintenance-banner></gp-maintenance-banner>`);
    await until(() => notices(el).length === 1, 'notice');
    expect(el.scrollWidth).to.be.at.most(320);
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
    await setViewport({ width: 1024, height: 768 });
  });
});
