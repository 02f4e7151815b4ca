import {expect} from '@open-wc/testing';
import {until} from '../helpers/index.js';
import {keyDown, keyUp, press, typeText} from '../helpers/engine.js';
import {articles, button, focused, focusedKey, keys, mountConsole, postsSent, root, sampleFeed, scenario, statusLine, text, type Scenario} from './helpers.js';
import type {TrustModerationConsole} from '../../relay/console/moderation-console.js';

/** Waits until the post with this key (or, with none, the list's heading) has focus. */
async function focusOn(el: TrustModerationConsole, key: string | undefined): Promise<void> {
  await until(() => (key ? focusedKey(el) === key && focused(el)?.localName === 'article' : focused(el)?.id === 'list-heading'), `focus on ${key ?? 'the heading'}`);
}

describe('<trust-moderation-console> from the keyboard', () => {
  let s: Scenario;
  let el: TrustModerationConsole;
  let k: string[];

  beforeEach(async () => {
    s = await scenario([await sampleFeed(4)]);
    el = await mountConsole(s);
    k = keys(el);
  });

  it('is accessible, with the shortcuts on screen', async () => {
    await expect(el).to.be.accessible();
    const line = text(root(el).querySelector('#keys'));
    for (const key of ['j', 'k', 'a', 'h', 'p', 'b', 'u']) expect(line).to.contain(key);
    expect(articles(el)[0].getAttribute('tabindex')).to.equal('0');
    expect(articles(el)[1].getAttribute('tabindex')).to.equal('-1');
  });

  it('j/k and the arrow keys move between posts (a roving focus)', async () => {
    await press('j');
    await focusOn(el, k[0]);
    await press('j');
    await focusOn(el, k[1]);
    await press('ArrowDown');
    await focusOn(el, k[2]);
    await press('k');
    await focusOn(el, k[1]);
    await press('ArrowUp');
    await focusOn(el, k[0]);
    await press('k');
    await focusOn(el, k[0]);
    // The roving tab stop follows focus: one post in the tab order.
    await el.updateComplete;
    expect(articles(el).map((a) => a.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1', '-1']);
    // Tab goes on into the post (its author's link), and on to its own buttons.
    await press('Tab');
    expect(focusedKey(el)).to.equal(k[0]);
    expect(focused(el)?.localName).to.equal('a');
    for (let i = 0; i < 6 && text(focused(el)) !== 'Approve'; i++) {
      await press('Tab');
      expect(focusedKey(el), 'Tab stays in the post until its buttons').to.equal(k[0]);
    }
    expect(text(focused(el))).to.equal('Approve');
  });

  it('a approves and h hides the post in focus, with the token; focus goes to the next post, then the previous, then the heading', async () => {
    await press('j');
    await press('j');
    await focusOn(el, k[1]);
    await press('a');
    const [approve] = await postsSent(s, 1);
    expect(approve.path).to.equal(`${s.base}api/feeds/somewk/actions`);
    expect(approve.body).to.deep.equal({key: k[1], action: 'approve', version: 1});
    expect(approve.headers['x-csrf-token']).to.equal(s.csrf);
    expect(approve.headers['content-type']).to.contain('application/json');
    await focusOn(el, k[2]);
    expect(keys(el)).to.deep.equal([k[0], k[2], k[3]]);
    expect(statusLine(el)).to.equal('Approved. Undo');
    expect(text(root(el).querySelector('#tab-queue'))).to.contain('3');
    expect(text(root(el).querySelector('#tab-published'))).to.contain('4');

    await press('j');
    await focusOn(el, k[3]);
    await press('h');
    await postsSent(s, 2);
    // It was the last post: focus goes to the one before it.
    await focusOn(el, k[2]);
    expect(statusLine(el)).to.equal('Hidden. Undo');

    await press('h');
    await postsSent(s, 3);
    await focusOn(el, k[0]);
    await press('a');
    await postsSent(s, 4);
    // The list is empty: focus on its heading, never lost to <body>.
    await focusOn(el, undefined);
    expect(text(root(el).querySelector('.empty'))).to.equal('There are no posts in Queue.');
  });

  it('p pins and unpins, keeping focus on the post', async () => {
    await press('j');
    await focusOn(el, k[0]);
    await press('p');
    const [pin] = await postsSent(s, 1);
    expect(pin.body).to.deep.equal({key: k[0], action: 'pin', version: 1});
    await until(() => articles(el)[0].textContent.includes('Unpin'));
    expect(focusedKey(el)).to.equal(k[0]);
    expect(text(articles(el)[0].querySelector('.state'))).to.contain('Pinned');
    await press('p');
    const sent = await postsSent(s, 2);
    expect(sent[1].body).to.deep.equal({key: k[0], action: 'unpin', version: 2});
  });

  it('b asks first: Escape cancels, and the confirm button blocks the author', async () => {
    await press('j');
    await focusOn(el, k[0]);
    await press('b');
    const dialog = root(el).querySelector<HTMLDialogElement>('#confirm')!;
    await until(() => dialog.open, 'the confirm dialog opens');
    expect(text(dialog)).to.contain('Block @trustcomms@social.example.nhs.uk on Mastodon?');
    await expect(el).to.be.accessible();
    expect(text(focused(el))).to.equal('Cancel');
    await press('Escape');
    await until(() => !dialog.open);
    await focusOn(el, k[0]);
    expect(await s.posts()).to.have.length(0);

    await press('b');
    await until(() => dialog.open);
    await keyDown('Shift');
    await press('Tab');
    await keyUp('Shift');
    expect(text(focused(el))).to.equal('Block author');
    await press('Enter');
    const [block] = await postsSent(s, 1);
    expect(block.body).to.deep.equal({key: k[0], action: 'block', version: 1});
    await focusOn(el, k[1]);
    expect(keys(el)).to.not.include(k[0]);
    expect(statusLine(el)).to.equal('Author blocked. Undo');
    // Undone; asked again and cancelled with Escape: the earlier confirmation does not count twice.
    await press('u');
    await postsSent(s, 2);
    await until(() => keys(el).includes(k[0]));
    await focusOn(el, k[0]);
    await press('b');
    await until(() => dialog.open);
    await press('Escape');
    await until(() => !dialog.open);
    await new Promise((r) => setTimeout(r, 200));
    expect(await s.posts()).to.have.length(2);
  });

  it('? opens the help dialog listing every shortcut; Escape closes it and focus returns', async () => {
    await press('j');
    await focusOn(el, k[0]);
    await press('?');
    const help = root(el).querySelector<HTMLDialogElement>('#help')!;
    await until(() => help.open, 'the help dialog opens');
    const listed = text(help);
    for (const what of ['next post', 'previous post', 'approve', 'hide', 'pin or unpin', 'block or unblock', 'undo the last action', 'search']) expect(listed).to.contain(what);
    await expect(el).to.be.accessible();
    // Shortcuts are off while it is open.
    await press('a');
    expect(await s.posts()).to.have.length(0);
    await press('Escape');
    await until(() => !help.open);
    await focusOn(el, k[0]);
    // The button on screen opens it too.
    root(el).querySelector<HTMLButtonElement>('.keys .button')!.click();
    await until(() => help.open);
    help.querySelector<HTMLButtonElement>('button')!.click();
    await until(() => !help.open);
  });

  it('/ goes to the search box; letters typed there, or with a modifier, are not shortcuts', async () => {
    await press('j');
    await focusOn(el, k[0]);
    await press('/');
    const search = root(el).querySelector<HTMLInputElement>('#q')!;
    await until(() => focused(el) === search);
    await typeText('hab');
    expect(search.value).to.equal('hab');
    await press('Escape');
    await focusOn(el, k[0]);
    await keyDown('Control');
    await press('a');
    await keyUp('Control');
    await keyDown('Alt');
    await press('h');
    await keyUp('Alt');
    await keyDown('Shift');
    await press('H');
    await keyUp('Shift');
    await new Promise((r) => setTimeout(r, 200));
    expect(await s.posts()).to.have.length(0);
    expect(keys(el)).to.have.length(4);
  });

  it('u undoes the last action, and the status line’s Undo button does too', async () => {
    await press('j');
    await focusOn(el, k[0]);
    await press('h');
    const [hide] = await postsSent(s, 1);
    expect(hide.body).to.deep.equal({key: k[0], action: 'hide', version: 1});
    await focusOn(el, k[1]);
    await press('u');
    const sent = await postsSent(s, 2);
    expect(sent[1].path).to.equal(`${s.base}api/feeds/somewk/undo`);
    expect(sent[1].body).to.deep.equal({auditId: 101});
    expect(sent[1].headers['x-csrf-token']).to.equal(s.csrf);
    // The post is back in the queue, and focus is on it.
    await focusOn(el, k[0]);
    expect(keys(el)).to.deep.equal(k);
    expect(statusLine(el)).to.equal('Undone.');

    // By button: approve, then Undo in the status line.
    button(articles(el)[1], 'Approve').click();
    await postsSent(s, 3);
    await until(() => statusLine(el) === 'Approved. Undo');
    const undo = root(el).querySelector<HTMLButtonElement>('.status button')!;
    undo.focus();
    undo.click();
    const all = await postsSent(s, 4);
    expect(all[3].body).to.deep.equal({auditId: 103});
    await focusOn(el, k[1]);
    // Nothing left to undo.
    await press('u');
    await until(() => statusLine(el) === 'There is nothing to undo.');
  });

  it('a conflict says who decided first and shows the post as it is now', async () => {
    await s.decide(k[0], 'hide', 'bob', true);
    await press('j');
    await focusOn(el, k[0]);
    await press('a');
    await postsSent(s, 1);
    await until(() => /^Hidden by bob at \d\d:\d\d$/.test(statusLine(el)), 'the conflict in words');
    const first = articles(el)[0];
    expect(text(first.querySelector('.verdict'))).to.contain('Hidden by bob');
    expect(text(first.querySelector('.verdict'))).to.contain('Not public');
    // The refreshed item carries the new version: the next action is decided on it.
    expect(focusedKey(el)).to.equal(k[0]);
  });

  it('errors are said in words; a 401 ends the session with a link to sign in again', async () => {
    await press('j');
    await focusOn(el, k[0]);
    await s.next('actions', 500);
    await press('a');
    await until(() => statusLine(el) === 'The relay had a problem (error 500). Please try again.');
    await s.next('actions', 422, {error: 'Show it before pinning it.'});
    await press('p');
    await until(() => statusLine(el) === 'Show it before pinning it.');
    expect(keys(el)).to.deep.equal(k);
    await s.next('actions', 401, {error: 'Signed out'});
    await press('h');
    await until(() => root(el).querySelector('a[href$="/login"]') !== null);
    const link = root(el).querySelector<HTMLAnchorElement>('a[href$="/login"]')!;
    expect(link.getAttribute('href')).to.equal(`${s.base}login`);
    expect(text(link.parentElement)).to.equal('Your session has ended: sign in again');
    await expect(el).to.be.accessible();
  });
});
