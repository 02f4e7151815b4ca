import {expect} from '@open-wc/testing';
import '../helpers/index.js';
import {articles, mountConsole, names, root, sampleFeed, scenario, tab, text} from './helpers.js';

describe('<trust-moderation-console>', () => {
  it('is accessible with a queue of posts', async () => {
    const s = await scenario([await sampleFeed()]);
    const el = await mountConsole(s);
    await expect(el).to.be.accessible();
    expect(articles(el)).to.have.length(4);
    console.log(names(el), text(tab(el, 'Queue')), text(root(el)));
  });
});
