import {expect, fixture, html} from '@open-wc/testing';
import {canEmulateMedia, emulateMedia, intl, itWithMedia, press} from '../helpers/engine.js';
import {failed, loaded, mockPath, program, requests, settled, until} from '../helpers/index.js';
import '../../src/follow-counter/define.js';
import type {TrustFollowCounter} from '../../src/follow-counter/trust-follow-counter.js';
import {clock} from '../../src/shared/manual-time.js';

const root = (el: TrustFollowCounter) => el.shadowRoot!;
const text = (el: TrustFollowCounter) => root(el).textContent.replace(/\s+/g, ' ').trim();
const part = (el: TrustFollowCounter, name: string) => root(el).querySelector(`[part~="${name}"]`);
const partText = (el: TrustFollowCounter, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim();
/** The digits on screen, which may be a step of the count-up. */
const digits = (el: TrustFollowCounter) => partText(el, 'number');
/** What a screen reader reads: the final number and its label. */
const spoken = (el: TrustFollowCounter) => root(el).querySelector('.count .visually-hidden')?.textContent?.trim();
const announced = (el: TrustFollowCounter) => root(el).querySelector('[role="status"]')!.textContent.trim();
const followLinks = (el: TrustFollowCounter) => [...root(el).querySelectorAll('a')].map((a) => [a.textContent.trim(), a.href, a.rel]);
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));


let account: Record<string, unknown>;
before(async () => {
  account = (await (await fetch('/test/fixtures/formats/mastodon-account-lookup.json')).json()) as Record<string, unknown>;
});
const withFollowers = (followers_count: number) => ({body: {...account, followers_count}});

/** A mock Mastodon server: the base URL for `instance`, and the lookup path to program. */
function mastodonServer(): {instance: string; lookup: string} {
  const base = mockPath('mastodon');
  return {instance: location.origin + base, lookup: `${base}/api/v1/accounts/lookup`};
}

function blueskyServer(): {api: string; profile: string} {
  const base = mockPath('bluesky');
  return {api: location.origin + base, profile: `${base}/xrpc/app.bsky.actor.getProfile`};
}

function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
}

describe('<trust-follow-counter>', () => {
  afterEach(async () => {
    delete (document as {hidden?: boolean}).hidden;
    if (canEmulateMedia) await emulateMedia({reducedMotion: 'no-preference'});
  });

  it('is accessible while loading and once loaded', async () => {
    const {instance, lookup} = mastodonServer();
    await program(lookup, [{fixture: 'formats/mastodon-account-example.json', delay: 100}]);
    const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} account="noiob@awoo.space"></trust-follow-counter>`);
    expect(text(el)).to.contain('Loading…');
    await expect(el).to.be.accessible();
    await settled(el);
    await expect(el).to.be.accessible();
  });

  describe('sources', () => {
    it('shows the real Mastodon lookup’s 0 followers, asking the lookup API for the account', async () => {
      const {instance, lookup} = mastodonServer();
      await program(lookup, [{fixture: 'formats/mastodon-account-lookup.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} account="@mastodonpy_test"></trust-follow-counter>`);
      const event = await loaded(el);
      expect(digits(el)).to.equal('0');
      expect(spoken(el)).to.equal('0');
      expect(partText(el, 'label')).to.equal('followers');
      expect(event.detail.format).to.equal('mastodon');
      expect(followLinks(el)).to.deep.equal([['Follow @mastodonpy_test on Mastodon', 'http://localhost:3000/@mastodonpy_test', 'noopener noreferrer nofollow ugc']]);
      const [request] = await requests(lookup);
      expect(request.url).to.match(/\/api\/v1\/accounts\/lookup\?acct=mastodonpy_test$/);
    });

    it('shows 547 for the Mastodon documentation’s example account', async () => {
      const {instance, lookup} = mastodonServer();
      await program(lookup, [{fixture: 'formats/mastodon-account-example.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} account="@noiob@awoo.space"></trust-follow-counter>`);
      await loaded(el);
      expect(digits(el)).to.equal('547');
      expect(followLinks(el)[0].slice(0, 2)).to.deep.equal(['Follow @noiob@awoo.space on Mastodon', 'https://awoo.space/@noiob']);
      expect((await requests(lookup))[0].url).to.contain('acct=noiob%40awoo.space');
    });

    it('says which account Mastodon could not find (404), with Retry, and fires trust-error', async () => {
      const {instance, lookup} = mastodonServer();
      await program(lookup, [{status: 404, fixture: 'formats/mastodon-account-lookup-404.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} account="nobody"></trust-follow-counter>`);
      const event = await failed(el);
      expect(event.detail.kind).to.equal('not-found');
      expect(partText(el, 'error')).to.contain(`We couldn’t find the account @nobody on ${location.host}.`);
      expect(announced(el)).to.contain('We couldn’t find the account @nobody');
      expect(root(el).querySelector('button')!.textContent.trim()).to.equal('Try again');
      await expect(el).to.be.accessible();
    });

    it('shows the real Bluesky profile’s 554 followers, from the configured AppView', async () => {
      const {api, profile} = blueskyServer();
      await program(profile, [{fixture: 'formats/bluesky-get-profile.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter format="bluesky" bluesky-api=${api} account="@alice.example.com"></trust-follow-counter>`);
      await loaded(el);
      expect(digits(el)).to.equal('554');
      expect(spoken(el)).to.equal('554');
      expect(followLinks(el)[0].slice(0, 2)).to.deep.equal(['Follow @alice.example.com on Bluesky', 'https://bsky.app/profile/alice.example.com']);
      expect((await requests(profile))[0].url).to.match(/getProfile\?actor=alice\.example\.com$/);
    });

    it('says which Bluesky handle was not found (400 "Profile not found")', async () => {
      const {api, profile} = blueskyServer();
      await program(profile, [{status: 400, body: {error: 'InvalidRequest', message: 'Profile not found'}}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter bluesky-api=${api} account="nobody.bsky.social"></trust-follow-counter>`);
      await failed(el);
      expect(partText(el, 'error')).to.contain('We couldn’t find the account @nobody.bsky.social on Bluesky.');
    });

    it('sums a Mastodon and a Bluesky account, with a row and a follow link for each', async () => {
      const {instance, lookup} = mastodonServer();
      const {api, profile} = blueskyServer();
      await program(lookup, [{fixture: 'formats/mastodon-account-example.json'}]);
      await program(profile, [{fixture: 'formats/bluesky-get-profile.json', delay: 50}]);
      const el = await fixture<TrustFollowCounter>(
        html`<trust-follow-counter instance=${instance} bluesky-api=${api} account="@noiob@awoo.space alice.example.com"></trust-follow-counter>`,
      );
      await until(() => spoken(el) === '1,101', 'both accounts counted');
      expect(digits(el), 'a second account loading is not a count-up').to.equal('1,101');
      const rows = [...root(el).querySelectorAll('[part~="breakdown"] li')].map((li) => li.querySelector('span')!.textContent);
      expect(rows).to.deep.equal(['547 on Mastodon (@noiob@awoo.space)', '554 on Bluesky (@alice.example.com)']);
      expect(followLinks(el).map(([label]) => label)).to.deep.equal(['Follow @noiob@awoo.space on Mastodon', 'Follow @alice.example.com on Bluesky']);
      await expect(el).to.be.accessible();
    });

    it('names an account left out of the total because it failed', async () => {
      const {instance, lookup} = mastodonServer();
      const {api, profile} = blueskyServer();
      await program(lookup, [{fixture: 'formats/mastodon-account-example.json'}]);
      await program(profile, [{status: 500, delay: 200}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} bluesky-api=${api} account="noiob alice.example.com"></trust-follow-counter>`);
      await until(() => spoken(el) === '547', 'the Mastodon account counted first');
      expect(text(el)).not.to.contain('is not counted');
      await failed(el);
      expect(spoken(el)).to.equal('547');
      expect(text(el)).to.contain('@alice.example.com on Bluesky is not counted: we couldn’t load it.');
      await expect(el).to.be.accessible();
      el.breakdown = 'line';
      await el.updateComplete;
      const line = root(el).querySelector('[part~="breakdown"]')!;
      expect(line.getAttribute('aria-label'), 'on the one line too').to.equal('By network');
      expect(line.textContent).to.contain('@alice.example.com on Bluesky is not counted: we couldn’t load it.');
    });

    it('reads a number anywhere in any JSON with path', async () => {
      const path = await program(mockPath('any-api'), [{fixture: 'counter/any-api.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter src=${path} path="data.stats[0].followers"></trust-follow-counter>`);
      const event = await loaded(el);
      expect(event.detail.format).to.equal('json');
      expect(digits(el)).to.equal('2,314');
      el.path = 'data.stats[0].posts'; // a count sent as a string of digits
      el.data = await (await fetch('/test/fixtures/counter/any-api.json')).json();
      await loaded(el);
      expect(digits(el)).to.equal('412');
    });

    it('reads ["key"] paths from inline JSON', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter path='["followers"]'><script type="application/json">{"followers": 77}</script></trust-follow-counter>`);
      await settled(el);
      expect(digits(el)).to.equal('77');
    });

    it('explains a path that leads to no number, naming the path', async () => {
      const path = await program(mockPath('bad-path'), [{fixture: 'counter/any-api.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter src=${path} path="data.stats[1].followers"></trust-follow-counter>`);
      const event = await failed(el);
      expect(event.detail.kind).to.equal('format');
      expect(event.detail.message).to.contain('"data.stats" has no item [1]');
      expect(partText(el, 'error')).to.contain('We couldn’t find a number at “data.stats[1].followers” in the data.');
      await expect(el).to.be.accessible();

      el.data = {data: {stats: [{followers: 'many'}]}};
      el.path = 'data.stats[0].followers';
      const again = await failed(el);
      expect(again.detail.message).to.contain('the text "many", not a number');
    });

    it('keeps the count and says it is stale when a refresh fails', async () => {
      clock.useManualTime('2016-10-24T12:05:00Z');
      const {instance, lookup} = mastodonServer();
      await program(lookup, [withFollowers(2314), {status: 500}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} account="mastodonpy_test" refresh="60"></trust-follow-counter>`);
      await loaded(el);
      const error = failed(el);
      await clock.advance(60_000);
      expect((await error).detail.stale).to.equal(true);
      expect(digits(el)).to.equal('2,314');
      expect(partText(el, 'stale-notice')).to.match(/Couldn’t update — showing what we had at \d\d:\d\d/);
      await expect(el).to.be.accessible();
    });
  });

  describe('display', () => {
    it('formats through Intl: full, compact, and in the page’s language', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 2314}}></trust-follow-counter>`);
      await settled(el);
      expect([digits(el), spoken(el), partText(el, 'label')]).to.deep.equal(['2,314', '2,314', 'followers']);
      el.notation = 'compact';
      await el.updateComplete;
      expect(digits(el)).to.match(/^2\.3K$/i).and.to.equal(new Intl.NumberFormat('en-GB', {notation: 'compact'}).format(2314));
      expect(spoken(el)).to.equal('2.3 thousand');

      const german = await fixture<HTMLDivElement>(html`<div lang="de"><trust-follow-counter .data=${{count: 2314}}></trust-follow-counter></div>`);
      const de = german.querySelector('trust-follow-counter')!;
      await settled(de);
      expect(digits(de)).to.equal('2.314');
    });

    it('uses the label attribute, else the data’s label, else "followers" (singular for one)', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 1}}></trust-follow-counter>`);
      await settled(el);
      expect(partText(el, 'label')).to.equal('follower');
      el.data = {count: 40, label: 'subscribers'};
      await loaded(el);
      expect(partText(el, 'label')).to.equal('subscribers');
      el.label = 'people following us';
      await el.updateComplete;
      expect(partText(el, 'label')).to.equal('people following us');
    });

    it('shows growth since a baseline and a date, and a fall as it is', async () => {
      clock.useManualTime('2016-10-28T16:00:00+01:00');
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 2314}} baseline="2100" since="2016-10-24"></trust-follow-counter>`);
      await settled(el);
      expect(partText(el, 'growth')).to.equal(intl('+214 since Monday 24 October'));
      el.baseline = 2326;
      await el.updateComplete;
      expect(partText(el, 'growth')).to.equal(intl('\u221212 since Monday 24 October'));
      el.since = undefined;
      el.baseline = 2314;
      await el.updateComplete;
      expect(partText(el, 'growth')).to.equal('No change from 2,314');
      el.since = '2015-10-24';
      await el.updateComplete;
      expect(partText(el, 'growth'), 'another year is named').to.equal(intl('No change since Saturday, 24 October 2015'));
    });

    it('measures growth from the first history point on or after since', async () => {
      clock.useManualTime('2016-10-28T16:00:00+01:00');
      const path = await program(mockPath('week'), [{fixture: 'counter/native-week.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter src=${path} since="2016-10-24"></trust-follow-counter>`);
      await loaded(el);
      expect(partText(el, 'growth')).to.equal(intl('+214 since Monday 24 October'));
      el.since = '2016-10-25T12:00';
      await el.updateComplete;
      expect(partText(el, 'growth')).to.equal(intl('+113 since Wednesday 26 October'));
      el.since = '2016-11-01';
      await el.updateComplete;
      expect(part(el, 'growth'), 'no point after the date: no growth to show').to.equal(null);
    });

    it('shows progress towards the goal as an accessible progress bar', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 2314}} goal="3000"></trust-follow-counter>`);
      await settled(el);
      const bar = root(el).querySelector('[role="progressbar"]')!;
      expect([bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-valuenow')]).to.deep.equal(['0', '3000', '2314']);
      expect(bar.getAttribute('aria-valuetext')).to.equal('2,314 of 3,000 goal');
      expect(bar.getAttribute('aria-label')).to.equal('Progress towards the goal');
      expect(partText(el, 'goal-text')).to.equal('2,314 of 3,000 goal');
      expect(Number(bar.querySelector('rect')!.getAttribute('width')), 'the bar is filled to the count').to.be.closeTo(77.1, 0.1);
      expect(root(el).querySelector('[style]'), 'no style attribute, which a strict CSP would block').to.equal(null);
      el.goal = 2300;
      await el.updateComplete;
      expect(bar.getAttribute('aria-valuenow'), 'never past the maximum').to.equal('2300');
      expect(partText(el, 'goal-text')).to.equal('2,314 of 2,300 goal — reached!');
      expect(bar.getAttribute('aria-valuetext')).to.equal('2,314 of 2,300 goal — reached!');
      await expect(el).to.be.accessible();
    });

    it('draws the history as a sparkline whose text alternative states the trend', async () => {
      const path = await program(mockPath('week'), [{fixture: 'counter/native-week.json'}]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter src=${path}></trust-follow-counter>`);
      await loaded(el);
      const sparkline = part(el, 'sparkline')!;
      expect(sparkline.getAttribute('role')).to.equal('img');
      expect(sparkline.getAttribute('aria-label')).to.equal('Rising from 2,100 to 2,314 over 5 days');
      expect(sparkline.querySelector('polyline')!.getAttribute('points')!.split(' ')).to.have.length(6);
      expect(followLinks(el)[0].slice(0, 2)).to.deep.equal(['Follow @NELFT on Mastodon', 'https://mastodon.social/@NELFT']);
      await expect(el).to.be.accessible();
    });

    itWithMedia('draws the counts it has seen while polling when the source keeps no history', async () => {
      clock.useManualTime('2016-10-24T09:00:00Z');
      await emulateMedia({reducedMotion: 'reduce'});
      const {instance, lookup} = mastodonServer();
      await program(lookup, [withFollowers(2320), withFollowers(2312)]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} account="mastodonpy_test" refresh="60"></trust-follow-counter>`);
      await loaded(el);
      expect(part(el, 'sparkline'), 'one point is no trend').to.equal(null);
      const next = loaded(el);
      await clock.advance(60_000);
      await next;
      expect(digits(el), 'a fall is shown as it is').to.equal('2,312');
      expect(part(el, 'sparkline')!.getAttribute('aria-label')).to.equal('Falling from 2,320 to 2,312 over 1 minute');
    });

    it('is accessible in the dark theme', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter theme="dark" .data=${{count: 2314, url: 'https://mastodon.social/@NELFT'}} baseline="2100" goal="3000"></trust-follow-counter>`);
      await settled(el);
      await expect(el).to.be.accessible();
    });

    it('renders hostile text as text and drops unsafe links', async () => {
      const el = await fixture<TrustFollowCounter>(
        html`<trust-follow-counter .data=${{count: 5, label: '<img src=x onerror=alert(1)>', account: '<b>@x</b>', url: 'javascript:alert(1)'}}></trust-follow-counter>`,
      );
      await settled(el);
      expect(partText(el, 'label')).to.equal('<img src=x onerror=alert(1)>');
      expect(root(el).querySelector('img, b, a')).to.equal(null);
    });

    it('renders a heading at heading-level when given one', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 5}} heading="Follow our week" heading-level="3"></trust-follow-counter>`);
      await settled(el);
      expect(root(el).querySelector('h3')!.textContent).to.equal('Follow our week');
    });

    it('fits a 320px container in both layouts', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px">
        <trust-follow-counter .data=${{count: 1234567, account: '@averyveryverylongaccountname@averyveryverylongserver.example', url: 'https://example.org/@a', history: [{at: '2016-10-24', count: 1}, {at: '2016-10-25', count: 9}]}} goal="2000000" baseline="1000000"></trust-follow-counter>
        <trust-follow-counter layout="compact" .data=${{count: 1234567}} goal="2000000"></trust-follow-counter>
      </div>`);
      for (const el of wrapper.querySelectorAll('trust-follow-counter')) {
        await settled(el);
        expect(el.scrollWidth, el.layout).to.be.at.most(el.clientWidth);
        await expect(el).to.be.accessible();
      }
    });

    it('reaches the follow link from the keyboard', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 5, account: '@NELFT', network: 'mastodon', url: 'https://mastodon.social/@NELFT'}}></trust-follow-counter>`);
      await settled(el);
      await press('Tab');
      expect(root(el).activeElement?.textContent).to.equal('Follow @NELFT on Mastodon');
    });
  });

  describe('live changes', () => {
    it('counts up to a new value, while screen readers get only the final number', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 100}}></trust-follow-counter>`);
      await settled(el);
      el.data = {count: 200};
      await loaded(el);
      expect(spoken(el)).to.equal('200');
      expect(part(el, 'number')!.getAttribute('aria-hidden')).to.equal('true');
      const seen = new Set<string>();
      const started = performance.now();
      while (digits(el) !== '200' && performance.now() - started < 3000) {
        await nextFrame();
        seen.add(digits(el)!);
      }
      const steps = [...seen].map(Number).filter((n) => n > 100 && n < 200);
      expect(steps.length, 'intermediate values were shown').to.be.greaterThan(1);
      expect(digits(el)).to.equal('200');
      expect(announced(el), 'no announcement of the change itself').not.to.contain('200');
    });

    itWithMedia('jumps straight to the value when the reader prefers reduced motion', async () => {
      await emulateMedia({reducedMotion: 'reduce'});
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 100}}></trust-follow-counter>`);
      await settled(el);
      el.data = {count: 200};
      await loaded(el);
      expect(digits(el)).to.equal('200');
    });

    it('jumps straight to the value when the page is hidden', async () => {
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter .data=${{count: 100}}></trust-follow-counter>`);
      await settled(el);
      setHidden(true);
      el.data = {count: 200};
      await loaded(el);
      expect(digits(el)).to.equal('200');
    });

    itWithMedia('announces a milestone once, when the count passes it during the visit', async () => {
      clock.useManualTime('2016-10-24T09:00:00Z');
      await emulateMedia({reducedMotion: 'reduce'});
      const {instance, lookup} = mastodonServer();
      await program(lookup, [withFollowers(2305), withFollowers(2390), withFollowers(2290), withFollowers(2310)]);
      const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter instance=${instance} account="mastodonpy_test" refresh="60" milestone="100"></trust-follow-counter>`);
      await loaded(el);
      await clock.advance(10_000); // the "Loading…" announcement has been cleared
      expect(announced(el), 'not on first load, though 2,305 is past 2,300').to.equal('');

      const poll = async () => {
        const next = loaded(el);
        await clock.advance(60_000);
        await next;
      };
      await poll(); // 2,390: no milestone passed during the visit
      expect(announced(el)).to.equal('');
      await poll(); // 2,290: a fall
      expect(digits(el)).to.equal('2,290');
      await poll(); // 2,310: 2,300 passed
      expect(announced(el)).to.equal('Milestone: 2,300 followers!');
      expect(partText(el, 'milestone')).to.equal('Milestone: 2,300 followers!');
      await expect(el).to.be.accessible();
      await program(lookup, [withFollowers(2295), withFollowers(2301)]);
      await poll(); // 2,295
      expect(part(el, 'milestone'), 'hidden once the count is back under it').to.equal(null);
      await poll(); // 2,301: passed again, but already announced
      expect(announced(el)).to.equal('');
    });
  });
});
