import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {failed, loaded, mockPath, program, requests, setPageHidden, settled, until} from '../helpers/index.js';
import '../helpers/probe-element.js';
import type {TrustProbe} from '../helpers/probe-element.js';
import {clock} from '../../src/shared/manual-time.js';
import {activeSources} from '../../src/shared/source-cache.js';
import {parseRetryAfter} from '../../src/shared/rate-limit.js';
import type {TrustLoadEvent} from '../../src/shared/events.js';

const items = (el: TrustProbe) => [...el.shadowRoot!.querySelectorAll('li')].map((li) => li.textContent);
const shownText = (el: TrustProbe) => el.shadowRoot!.textContent.replace(/\s+/g, ' ').trim();



describe('shared data layer', () => {
  it('is accessible while loading and once loaded', async () => {
    const path = await program(mockPath('a11y'), [{body: ['One', 'Two'], delay: 50}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path}></trust-probe>`);
    expect(shownText(el)).to.contain('Loading…');
    await expect(el).to.be.accessible();
    await settled(el);
    await expect(el).to.be.accessible();
    expect(items(el)).to.deep.equal(['One', 'Two']);
  });

  it('makes one request for three elements on one URL and fires trust-load on each', async () => {
    const path = await program(mockPath('shared'), [{body: ['Shared'], delay: 100}]);
    const counts: number[] = [];
    const onLoad = (e: TrustLoadEvent) => counts.push(e.detail.count);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <trust-probe src=${path} @trust-load=${onLoad}></trust-probe><trust-probe src=${path} @trust-load=${onLoad}></trust-probe
      ><trust-probe src=${path} @trust-load=${onLoad}></trust-probe>
    </div>`);
    await until(() => counts.length === 3, 'three trust-load events');
    expect(counts).to.deep.equal([1, 1, 1]);
    const els = [...wrapper.querySelectorAll('trust-probe')];
    await Promise.all(els.map((el) => el.updateComplete));
    expect(els.map((el) => items(el))).to.deep.equal([['Shared'], ['Shared'], ['Shared']]);
    expect(await requests(path)).to.have.length(1);
  });

  it('polls at the shortest interval asked for, once per interval for all widgets', async () => {
    clock.useManualTime('2016-10-24T09:00:00Z');
    const path = await program(mockPath('poll'), [{body: ['A']}]);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <trust-probe src=${path} refresh="60"></trust-probe><trust-probe src=${path} refresh="30"></trust-probe>
    </div>`);
    const first = wrapper.querySelector('trust-probe')!;
    await settled(first);
    expect(await requests(path)).to.have.length(1);
    // Wait for the widget to have the answer before moving on: otherwise the
    // manual clock would run the request's own time-out past it.
    const polled = oneEvent(first, 'trust-load');
    await clock.advance(30_000);
    await polled;
    expect(await requests(path), 'second poll after 30 s').to.have.length(2);
    await clock.advance(29_000);
    expect(await requests(path), 'nothing more within the next 30 s').to.have.length(2);
  });

  it('sends ETag validators and keeps the data without re-rendering on 304', async () => {
    clock.useManualTime('2016-10-24T09:00:00Z');
    const path = await program(mockPath('etag'), [{body: ['Kept'], etag: 'W/"v1"'}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} refresh="20"></trust-probe>`);
    await settled(el);
    const list = el.shadowRoot!.querySelector('ul');
    const model = el.dataController.value;
    void clock.advance(20_000);
    const second = await loaded(el);
    expect(second.detail.changed).to.equal(false);
    const log = await requests(path);
    expect(log).to.have.length(2);
    expect(log[1].headers['if-none-match']).to.equal('W/"v1"');
    expect(el.dataController.value, 'the model was not rebuilt').to.equal(model);
    expect(el.shadowRoot!.querySelector('ul')).to.equal(list);
    expect(items(el)).to.deep.equal(['Kept']);
  });

  const failures: Array<[string, Record<string, unknown>, string, string]> = [
    ['a 500', {status: 500, body: 'Internal error'}, 'http', 'The server had a problem'],
    ['a 404', {status: 404, body: {error: 'Record not found'}}, 'not-found', 'couldn’t find this information'],
    ['an HTML page served with 200', {body: '<!doctype html><title>Login</title><p>Please sign in'}, 'not-json', 'couldn’t read'],
    ['malformed JSON', {body: '["unterminated", '}, 'not-json', 'couldn’t read'],
    ['JSON of the wrong shape', {body: {not: 'a list'}}, 'format', 'not in a format this widget understands'],
    ['a 429', {status: 429, headers: {'Retry-After': '120'}}, 'rate-limited', 'The server is busy'],
  ];
  for (const [name, response, kind, message] of failures) {
    it(`explains ${name} in words, with a Retry button, and fires trust-error`, async () => {
      const path = await program(mockPath('fail'), [response]);
      const el = await fixture<TrustProbe>(html`<trust-probe src=${path}></trust-probe>`);
      const event = await failed(el);
      expect(event.detail.kind).to.equal(kind);
      expect(event.detail.stale).to.equal(false);
      expect(shownText(el)).to.contain(message);
      expect(el.shadowRoot!.querySelector('button')!.textContent.trim()).to.equal('Try again');
      await expect(el).to.be.accessible();
    });
  }

  it('reports an adapter tripping over the data as unreadable data, not as a network failure', async () => {
    const path = await program(mockPath('careless'), [{body: {no: 'items'}}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} format="careless"></trust-probe>`);
    const event = await failed(el);
    expect(event.detail.kind).to.equal('format');
    expect(event.detail.message).to.match(/^Could not read the data: /);
    expect(shownText(el)).to.contain('not in a format this widget understands');
    expect(shownText(el)).not.to.contain('reach the server');
  });

  it('reports a network failure when the server cannot be reached', async () => {
    // Cut off before any answer (a closed port is not portable: Firefox never settles a fetch to port 9).
    const el = await fixture<TrustProbe>(html`<trust-probe src="/__mock/hang-up"></trust-probe>`);
    const event = await failed(el);
    expect(event.detail.kind).to.equal('network');
    expect(shownText(el)).to.contain('couldn’t reach the server');
  });

  it('times out a request that gets no answer', async () => {
    clock.useManualTime('2016-10-24T09:00:00Z');
    const path = await program(mockPath('slow'), [{body: ['late'], delay: 3000}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path}></trust-probe>`);
    const error = failed(el);
    await clock.advance(15_000);
    expect((await error).detail.kind).to.equal('timeout');
    expect(shownText(el)).to.contain('took too long');
  });

  it('Retry loads again and recovers', async () => {
    const path = await program(mockPath('retry'), [{status: 503}, {body: ['Back']}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path}></trust-probe>`);
    await failed(el);
    const again = loaded(el);
    el.shadowRoot!.querySelector('button')!.click();
    await again;
    expect(items(el)).to.deep.equal(['Back']);
  });

  it('skips and counts bad items without losing the good ones', async () => {
    const path = await program(mockPath('skip'), [{body: ['Good', 42, null, 'Also good'], delay: 300}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path}></trust-probe>`);
    const event = await loaded(el);
    expect(items(el)).to.deep.equal(['Good', 'Also good']);
    expect(event.detail.skipped.map((p) => p.where)).to.deep.equal(['item 1', 'item 2']);
  });

  it('keeps the last good data when a refresh fails, with a discreet stale notice', async () => {
    clock.useManualTime('2016-10-24T13:05:00Z');
    const path = await program(mockPath('stale'), [{body: ['Good']}, {status: 500}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} refresh="60"></trust-probe>`);
    await settled(el);
    const error = failed(el);
    await clock.advance(60_000);
    expect((await error).detail.stale).to.equal(true);
    expect(items(el)).to.deep.equal(['Good']);
    expect(shownText(el)).to.match(/Couldn’t update — showing what we had at \d\d:\d\d/);
    await expect(el).to.be.accessible();
  });

  it('backs off with growing waits after failures, and returns to the interval after a success', async () => {
    clock.useManualTime('2016-10-24T09:00:00Z');
    const random = Math.random;
    Math.random = () => 0.999; // the top of each jitter window
    try {
      const path = await program(mockPath('backoff'), [{body: ['A']}, {status: 500}, {status: 500}, {status: 500}, {body: ['B']}]);
      const el = await fixture<TrustProbe>(html`<trust-probe src=${path} refresh="15"></trust-probe>`);
      await settled(el);
      const count = async () => (await requests(path)).length;
      // Moves the clock and waits until the widget has handled the failure it causes.
      const failAfter = async (ms: number) => {
        const error = failed(el);
        await clock.advance(ms);
        await error;
      };
      await failAfter(15_000); // first failure
      await clock.advance(4_900); // back-off window 1: up to 5 s
      expect(await count()).to.equal(2);
      await failAfter(200);
      await clock.advance(9_900); // window 2: up to 10 s
      expect(await count()).to.equal(3);
      await failAfter(200);
      await clock.advance(19_900); // window 3: up to 20 s
      expect(await count()).to.equal(4);
      const recovered = loaded(el);
      await clock.advance(200);
      await recovered;
      expect(items(el)).to.deep.equal(['B']);
      await clock.advance(14_900); // back to the normal 15 s interval
      expect(await count()).to.equal(5);
      await clock.advance(200);
      await until(async () => (await count()) === 6);
    } finally {
      Math.random = random;
    }
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    expect(parseRetryAfter('120', 0)).to.equal(120_000);
    const now = Date.parse('2016-10-24T09:00:00Z');
    expect(parseRetryAfter('Mon, 24 Oct 2016 09:05:00 GMT', now)).to.equal(300_000);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);

    clock.useManualTime('2016-10-24T09:00:00Z');
    const path = await program(mockPath('retry-after'), [{body: ['A']}, {status: 429, headers: {'Retry-After': '120'}}, {body: ['B']}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} refresh="15"></trust-probe>`);
    await settled(el);
    const limited = failed(el);
    await clock.advance(15_000);
    expect((await limited).detail.kind).to.equal('rate-limited');
    await clock.advance(119_000);
    expect(await requests(path)).to.have.length(2);
    await clock.advance(1_000);
    await until(async () => (await requests(path)).length === 3);
  });

  it('pauses polling while the page is hidden and refreshes on return when due', async () => {
    clock.useManualTime('2016-10-24T09:00:00Z');
    const path = await program(mockPath('hidden'), [{body: ['A']}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} refresh="30"></trust-probe>`);
    await settled(el);
    setPageHidden(true);
    await clock.advance(120_000);
    expect(await requests(path)).to.have.length(1);
    setPageHidden(false);
    await until(async () => (await requests(path)).length === 2, 'refreshed on return');
  });

  it('refreshes when the browser comes back online', async () => {
    clock.useManualTime('2016-10-24T09:00:00Z');
    const path = await program(mockPath('online'), [{body: ['A']}, {status: 500}, {body: ['B']}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} refresh="600"></trust-probe>`);
    await settled(el);
    const error = failed(el);
    await clock.advance(600_000);
    await error;
    const back = loaded(el);
    window.dispatchEvent(new Event('online'));
    await back;
    expect(items(el)).to.deep.equal(['B']);
  });

  it('leaves no request, timer or listener behind when removed', async () => {
    clock.useManualTime('2016-10-24T09:00:00Z');
    const path = await program(mockPath('cleanup'), [{body: ['A']}, {body: ['B'], delay: 2000}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} refresh="15"></trust-probe>`);
    await settled(el);
    expect(activeSources()).to.equal(1);
    expect(clock.pendingTimers).to.be.greaterThan(0);
    await clock.advance(15_000); // a poll is now in flight (its answer takes 2 s)
    await until(async () => (await requests(path)).length === 2);
    expect(el.dataController.status).to.equal('loaded');
    const removed: string[] = [];
    const original = document.removeEventListener;
    document.removeEventListener = function (this: Document, ...args: Parameters<Document['removeEventListener']>) {
      removed.push(args[0]);
      original.apply(this, args);
    };
    el.remove();
    document.removeEventListener = original;
    expect(activeSources()).to.equal(0);
    expect(clock.pendingTimers).to.equal(0);
    expect(removed).to.include('visibilitychange');
    await clock.advance(600_000);
    expect(await requests(path)).to.have.length(2);
  });

  it('aborts and switches when src changes', async () => {
    const first = await program(mockPath('first'), [{body: ['First'], delay: 1000}]);
    const second = await program(mockPath('second'), [{body: ['Second']}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${first}></trust-probe>`);
    el.src = second;
    await loaded(el);
    expect(items(el)).to.deep.equal(['Second']);
    expect(activeSources()).to.equal(1);
  });

  it('reads inline JSON from a child script without executing it, and follows edits', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe><script type="application/json">["Inline one", "Inline two"]</script></trust-probe>`);
    await el.dataController.settled();
    expect(items(el)).to.deep.equal(['Inline one', 'Inline two']);
    const next = oneEvent(el, 'trust-load');
    el.querySelector('script')!.textContent = '["Edited"]';
    await next;
    await el.updateComplete;
    expect(items(el)).to.deep.equal(['Edited']);
  });

  it('explains invalid inline JSON', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe><script type="application/json">{oops</script></trust-probe>`);
    await el.dataController.settled();
    expect(shownText(el)).to.contain('couldn’t read');
  });

  it('takes the data property before inline JSON and src', async () => {
    const path = await program(mockPath('unused'), [{body: ['From src']}]);
    const el = await fixture<TrustProbe>(html`<trust-probe src=${path} .data=${['From JS']}><script type="application/json">["Inline"]</script></trust-probe>`);
    await el.dataController.settled();
    expect(items(el)).to.deep.equal(['From JS']);
    expect(await requests(path)).to.have.length(0);
  });

  it('says so when it was given nothing to show', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe></trust-probe>`);
    await el.updateComplete;
    expect(shownText(el)).to.contain('has not been given any information');
    await expect(el).to.be.accessible();
  });

  it('shows an empty state in words', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe .data=${[]}></trust-probe>`);
    await el.dataController.settled();
    expect(shownText(el)).to.contain('nothing to show');
  });
});
