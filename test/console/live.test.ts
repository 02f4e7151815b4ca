import {expect} from '@open-wc/testing';
import {until} from '../helpers/index.js';
import {press} from '../helpers/engine.js';
import {announcement, articles, focused, focusedKey, item, keys, mountConsole, nativePosts, root, sampleFeed, scenario, tab, text, type Scenario} from './helpers.js';
import type {TrustModerationConsole} from '../../relay/console/moderation-console.js';
import type {ModeratedItem} from '../../relay/moderation/api.js';

/** Every announcement the polite live region makes, as it makes it. */
function recordAnnouncements(el: TrustModerationConsole): string[] {
  const said: string[] = [];
  const region = root(el).querySelector('.visually-hidden[role="status"]')!;
  new MutationObserver(() => {
    const words = text(region);
    if (words) said.push(words);
  }).observe(region, {childList: true, characterData: true, subtree: true});
  return said;
}

async function fresh(n: number, tag: string): Promise<ModeratedItem[]> {
  const [p] = await nativePosts();
  return Array.from({length: n}, (_, i) =>
    item({...p, id: `${tag}-${i}`, url: `https://social.example.nhs.uk/@trustcomms/${tag}-${i}`, text: `New post ${tag} ${i} #nhssmw`, created: new Date().toISOString()}),
  );
}

describe('<trust-moderation-console> live', () => {
  let s: Scenario;
  let el: TrustModerationConsole;

  beforeEach(async () => {
    s = await scenario([await sampleFeed(4)]);
    el = await mountConsole(s);
    await until(async () => (await s.streams()).open === 1, 'the console listens to the relay’s events');
  });

  it('is accessible, listening to one event stream', async () => {
    await expect(el).to.be.accessible();
    expect((await s.requests()).some((r) => r.path.endsWith('/api/events'))).to.be.false; // the stream is not logged as a request
    expect((await s.streams()).connections).to.equal(1);
  });

  it('new posts arrive in the queue without a reload, announced once per burst, keeping the moderator’s place and focus', async () => {
    const said = recordAnnouncements(el);
    const before = keys(el);
    await press('j');
    await press('j');
    await until(() => focusedKey(el) === before[1]);
    await s.arrive(await fresh(1, 'a'));
    await s.arrive(await fresh(1, 'b'));
    await until(() => articles(el).length === 6, 'the new posts are in the list');
    expect(keys(el).slice(2)).to.deep.equal(before);
    // Focus stayed on the post the moderator was reading.
    expect(focusedKey(el)).to.equal(before[1]);
    expect(focused(el)?.localName).to.equal('article');
    await until(() => said.length > 0, 'an announcement');
    expect(said).to.deep.equal(['2 new posts in the queue']);
    expect(announcement(el)).to.equal('2 new posts in the queue');
    expect(text(tab(el, 'Queue'))).to.contain('6');
    await expect(el).to.be.accessible();
  });

  it('says when a second moderator decided on the post in focus, and moves focus to the next post', async () => {
    const before = keys(el);
    await press('j');
    await press('j');
    await until(() => focusedKey(el) === before[1]);
    await s.decide(before[1], 'hide', 'bob');
    await until(() => !keys(el).includes(before[1]), 'the hidden post leaves the queue');
    expect(text(root(el).querySelector('.notice'))).to.equal('bob hid the post you were on.');
    await until(() => announcement(el) === 'bob hid the post you were on.');
    await until(() => focusedKey(el) === before[2], 'focus on the next post');
    expect(text(tab(el, 'Hidden'))).to.contain('1');
  });

  it('a decision elsewhere on another post re-reads the list without moving focus', async () => {
    const before = keys(el);
    await press('j');
    await until(() => focusedKey(el) === before[0]);
    await s.decide(before[3], 'approve', 'bob');
    await until(() => keys(el).length === 3);
    expect(focusedKey(el)).to.equal(before[0]);
    expect(root(el).querySelector('.notice')).to.equal(null);
  });

  it('closes the stream when it leaves the page', async () => {
    el.remove();
    await until(async () => (await s.streams()).open === 0, 'the stream is closed when the console leaves the page');
  });
});
