import {expect, fixture, html} from '@open-wc/testing';
import {readerText, until} from '../helpers/index.js';
import {emulateMedia, itWithMedia, narrowestViewport, press, setViewport, typeText} from '../helpers/engine.js';
import {articles, button, item, keys, mountConsole, names, nativePosts, postsSent, root, sampleFeed, scenario, tab, text} from './helpers.js';
import type {TrustModerationConsole} from '../../relay/console/moderation-console.js';

describe('<trust-moderation-console>', () => {
  it('is accessible with a queue of posts', async () => {
    const s = await scenario([await sampleFeed()]);
    const el = await mountConsole(s);
    await expect(el).to.be.accessible();
    expect(names(el)).to.deep.equal(['Trust communications', 'Carers’ Café', 'Peer Support Team', 'Chief Nurse']);
  });

  it('has real landmarks: a heading, a labelled search, a tablist with counts and its tabpanel', async () => {
    const s = await scenario([await sampleFeed()]);
    const el = await mountConsole(s);
    const r = root(el);
    expect(text(r.querySelector('h1'))).to.equal('Moderation #NelftSoMeWeek');
    expect(r.querySelector('search input#q')).to.exist;
    expect(text(r.querySelector('label[for="q"]'))).to.equal('Search posts by text or author');
    const tabs = [...r.querySelectorAll('[role="tablist"] [role="tab"]')];
    expect(tabs.map((t) => readerText(t))).to.deep.equal(['Queue 4 posts', 'Published 3 posts', 'Hidden 0 posts', 'Audit log']);
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['true', 'false', 'false', 'false']);
    const panel = r.querySelector('[role="tabpanel"]')!;
    expect(panel.getAttribute('aria-labelledby')).to.equal('tab-queue');
    expect(text(panel.querySelector('h2'))).to.equal('Queue');
    expect(text(r.querySelector('.who'))).to.contain('Signed in as alice');
    // Signing out is a form POST carrying the session's token (the admin layer reads `csrf`).
    const form = r.querySelector<HTMLFormElement>('.who form')!;
    expect(form.method).to.equal('post');
    expect(form.getAttribute('action')).to.equal(`${s.base}logout`);
    expect(form.querySelector<HTMLInputElement>('input[name="csrf"]')!.value).to.equal(s.csrf);
  });

  it('shows each post as readers see it: author, network, time in en-GB, content warning, pictures as their alt text, verdict and whether it is public', async () => {
    const s = await scenario([await sampleFeed(6, 'publish-then-review')]);
    const el = await mountConsole(s);
    const [welcome, , warned, nurse, carers] = articles(el);
    expect(readerText(welcome.querySelector('.time'))).to.equal('24 Oct 2016, 12:59 · on Mastodon');
    expect(welcome.querySelector('time')!.getAttribute('datetime')).to.equal('2016-10-24T11:59:00.000Z');
    expect(readerText(welcome.querySelector('.handle'))).to.equal('@trustcomms@social.example.nhs.uk');
    expect(readerText(carers.querySelector('.time'))).to.contain('on Bluesky');
    // The library's own content warning, closed until asked, its pictures with it.
    expect(readerText(warned.querySelector('.cw'))).to.equal('Content warning: Self-harm, suicide Show post');
    expect(warned.querySelector<HTMLElement>('.more')!.hidden).to.be.true;
    button(warned, 'Show post').click();
    await until(() => !warned.querySelector<HTMLElement>('.more')!.hidden);
    expect(readerText(nurse.querySelector('.pictures'))).to.contain('Picture: A full lecture room facing a screen that reads Social media week.');
    expect(readerText(carers.querySelector('.pictures'))).to.equal('Picture: The hospital garden in sunshine. Picture: A slide titled Recovery colleges.');
    // Not one picture from a platform: no <img> at all (no avatars, no media, no emoji images).
    expect(root(el).querySelectorAll('img, video, audio, iframe')).to.have.length(0);
    expect(readerText(welcome.querySelector('.verdict'))).to.equal('Public Why here: No decision yet.');
    tab(el, 'Published').click();
    await until(() => text(root(el).querySelector('h2')) === 'Published' && articles(el).length === 1);
    expect(readerText(articles(el)[0].querySelector('.verdict'))).to.equal('Public Why here: Approved by bob (24 Oct 2016, 11:31)');
  });

  it('says a picture has no description, and shows a rule’s verdict and a blocked author', async () => {
    const [p] = await nativePosts();
    const posts = [
      item({...p, id: 'x1', url: 'https://social.example.nhs.uk/@trustcomms/x1', media: [{url: 'https://social.example.nhs.uk/a.png'}]}, 'hidden', {
        verdict: {by: 'rule', rule: 'blockWords', reason: 'Contains the blocked word “scam”', at: '2016-10-24T09:00:00Z'},
      }),
      item({...p, id: 'x2', url: 'https://social.example.nhs.uk/@trustcomms/x2'}, 'hidden', {authorBlocked: true, verdict: {by: 'block', actor: 'bob', reason: 'Author blocked by bob', at: '2016-10-24T09:05:00Z'}}),
    ];
    const s = await scenario([{name: 'somewk', hashtag: 'NelftSoMeWeek', mode: 'approve-first', items: posts}]);
    const el = await mountConsole(s);
    tab(el, 'Hidden').click();
    await until(() => articles(el).length === 2);
    await expect(el).to.be.accessible();
    const [ruled, blocked] = articles(el);
    expect(readerText(ruled.querySelector('.pictures'))).to.equal('Picture without a description');
    expect(readerText(ruled.querySelector('.verdict'))).to.equal('Not public Why here: Rule “blocked words”: Contains the blocked word “scam” (24 Oct 2016, 10:00)');
    expect(readerText(blocked.querySelector('.state'))).to.equal('Not public Author blocked');
    expect([...blocked.querySelectorAll('.actions button')].map((b) => text(b))).to.deep.equal(['Approve', 'Pin', 'Unblock author']);
  });

  it('tabs switch lists (click and arrow keys), each read from the relay, with the counts kept current', async () => {
    const s = await scenario([await sampleFeed()]);
    const el = await mountConsole(s);
    tab(el, 'Queue').focus();
    await press('ArrowRight');
    await until(() => tab(el, 'Published').getAttribute('aria-selected') === 'true' && articles(el).length === 3);
    expect(root(el).activeElement).to.equal(tab(el, 'Published'));
    expect(tab(el, 'Queue').getAttribute('tabindex')).to.equal('-1');
    const gets = (await s.requests()).filter((r) => r.path.endsWith('/items'));
    expect(gets.map((r) => new URLSearchParams(r.query).get('list'))).to.deep.equal(['queue', 'published']);
    await press('End');
    await until(() => text(root(el).querySelector('h2')) === 'Audit log' && text(root(el).querySelector('.empty')) === 'No decisions yet.');
    await press('Home');
    await until(() => articles(el).length === 4);
    button(articles(el)[0], 'Hide').click();
    await postsSent(s, 1);
    await until(() => readerText(tab(el, 'Hidden')) === 'Hidden 1 post');
    expect(readerText(tab(el, 'Queue'))).to.equal('Queue 3 posts');
    // The audit log names who did what to which post.
    tab(el, 'Audit log').click();
    await until(() => root(el).querySelectorAll('.entry').length === 1);
    const entry = readerText(root(el).querySelector('.entry'));
    expect(entry).to.match(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d · alice · Hid @@?trustcomms@social\.example\.nhs\.uk \(Mastodon\): “Welcome to day one/);
    await expect(el).to.be.accessible();
  });

  it('says a list that could not be read, in its place, with Try again, rather than "no posts"', async () => {
    const s = await scenario([await sampleFeed()]);
    const el = await mountConsole(s);
    await s.next('items', 500);
    tab(el, 'Published').click();
    await until(() => root(el).querySelector('.empty--failed') !== null, 'the failure in the list’s place');
    const failure = root(el).querySelector('.empty--failed')!;
    expect(readerText(failure)).to.equal('This could not be loaded: The relay had a problem (error 500). Please try again. Try again');
    expect(text(root(el).querySelector('[role="tabpanel"]'))).not.to.contain('There are no posts');
    await expect(el).to.be.accessible();
    button(failure, 'Try again').click();
    await until(() => articles(el).length === 3, 'the list read again');
    expect(root(el).querySelector('.empty--failed')).to.equal(null);
  });

  it('searches by text and author, says how many match, and clears', async () => {
    const s = await scenario([await sampleFeed()]);
    const el = await mountConsole(s);
    root(el).querySelector<HTMLInputElement>('#q')!.focus();
    await typeText('nurse');
    await press('Enter');
    await until(() => articles(el).length === 1);
    const search = (await s.requests()).filter((r) => r.path.endsWith('/items')).at(-1)!;
    expect(new URLSearchParams(search.query).get('q')).to.equal('nurse');
    expect(names(el)).to.deep.equal(['Chief Nurse']);
    expect(readerText(root(el).querySelector('.matches'))).to.equal('1 post in Queue matches “nurse”. Clear search');
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLInputElement>('#q')!.value = 'no such words';
    root(el).querySelector<HTMLButtonElement>('search button')!.click();
    await until(() => articles(el).length === 0 && text(root(el).querySelector('.empty')) === 'No posts in Queue match “no such words”.');
    button(root(el).querySelector('.matches')!, 'Clear search').click();
    await until(() => articles(el).length === 4);
  });

  it('offers a feed picker when there are several feeds', async () => {
    const one = await sampleFeed();
    const two = {...(await sampleFeed(1)), name: 'wall', hashtag: 'NHSWall', mode: 'publish-then-review' as const};
    const s = await scenario([one, two]);
    const el = await mountConsole(s);
    const select = root(el).querySelector<HTMLSelectElement>('select#feed')!;
    expect(text(root(el).querySelector('label[for="feed"]'))).to.equal('Feed');
    expect([...select.options].map((o) => o.text)).to.deep.equal(['#NelftSoMeWeek (somewk)', '#NHSWall (wall)']);
    select.value = 'wall';
    select.dispatchEvent(new Event('change'));
    await until(() => articles(el).length === 1 && text(root(el).querySelector('h1')) === 'Moderation #NHSWall');
    expect((await s.requests()).at(-1)!.path).to.equal(`${s.base}api/feeds/wall/items`);
    expect(text(root(el).querySelector('.note'))).to.contain('already public');
    await expect(el).to.be.accessible();
  });

  it('a 401 from the session sends the moderator to sign in again; a failure is said in words with Try again', async () => {
    const s = await scenario([await sampleFeed()]);
    await s.next('session', 401, {error: 'Not signed in'});
    const el = await mountConsole(s);
    await expect(el).to.be.accessible();
    expect(readerText(root(el).querySelector('[role="alert"]'))).to.equal('Your session has ended: sign in again');
    expect(root(el).querySelector('a')!.getAttribute('href')).to.equal(`${s.base}login`);

    await s.next('session', 503);
    const failed = await fixture<TrustModerationConsole>(html`<trust-moderation-console base=${s.base}></trust-moderation-console>`);
    await failed.settled();
    expect(readerText(root(failed).querySelector('[role="alert"]'))).to.equal('The relay had a problem (error 503). Please try again. Try again');
    button(root(failed).querySelector('[role="alert"]')!, 'Try again').click();
    await until(() => articles(failed).length === 4);
  });

  it(`reflows at ${narrowestViewport} px: no sideways scroll, the buttons wrap`, async () => {
    await setViewport({width: narrowestViewport, height: 640});
    try {
      const s = await scenario([await sampleFeed()]);
      const el = await mountConsole(s);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(narrowestViewport);
      for (const node of root(el).querySelectorAll<HTMLElement>('button, input, h1, h2, article, .tabs, .keys')) {
        if (node.closest('dialog')) continue;
        expect(node.getBoundingClientRect().right, `${node.localName}.${node.className} ${text(node).slice(0, 30)}`).to.be.at.most(narrowestViewport + 0.5);
      }
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({width: 800, height: 600});
    }
  });

  itWithMedia('is usable in forced colours: the current post and the selected tab keep a visible mark', async () => {
    await emulateMedia({forcedColors: 'active'});
    try {
      const s = await scenario([await sampleFeed()]);
      const el = await mountConsole(s);
      expect(getComputedStyle(tab(el, 'Queue')).borderBottomStyle).to.equal('solid');
      expect(getComputedStyle(articles(el)[0]).borderInlineStartWidth).to.equal('6px');
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({forcedColors: 'none'});
    }
  });

  it('re-reads nothing twice: one session read, one list read at start', async () => {
    const s = await scenario([await sampleFeed()]);
    const el = await mountConsole(s);
    expect(keys(el)).to.have.length(4);
    const paths = (await s.requests()).map((r) => r.path.replace(s.base, ''));
    expect(paths).to.deep.equal(['api/session', 'api/feeds/somewk/items']);
  });
});
