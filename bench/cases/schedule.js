// <trust-schedule>: first render of 100 and 500 sessions set through the
// `data` property (native format), and a text-search filter change on 500.
// Each time runs from setting the data (or typing) until the element has
// rendered the change and the page has been laid out.
import {makeEvent} from '../lib/data.js';
import {NOT_RENDERED, openWidget} from '../lib/widgets.js';

const TAG = 'trust-schedule';
const SEARCH = 'peer support';

export default {
  title: TAG,
  async run({page, baseUrl}) {
    const skip = await openWidget(page, baseUrl, TAG);
    if (skip) return {skip};
    const rows = [];
    for (const sessionCount of [100, 500]) {
      const data = makeEvent({sessionCount});
      const ms = await page.evaluate(
        async ({tag, data}) => {
          const el = await window.bench.mount(tag, {format: 'native'});
          const firstTitle = data.sessions[0].title;
          return window.bench.time(el, () => (el.data = data), () => window.bench.deepText(el).includes(firstTitle));
        },
        {tag: TAG, data},
      );
      rows.push({metric: `first render, ${sessionCount} sessions`, unit: 'ms', value: ms, skip: ms === undefined ? NOT_RENDERED : undefined, target: {below: 100}});
    }

    // The 500-session schedule is on screen: search it.
    const filter = await page.evaluate(
      async ({tag, search}) => {
        const el = document.querySelector(tag);
        const input = window.bench.deepQueryAll(el, 'input[type="search"]')[0];
        if (!input) return {skip: 'no search box in the shadow DOM yet'};
        const before = window.bench.deepText(el);
        const ms = await window.bench.time(
          el,
          () => {
            input.value = search;
            input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
          },
          () => window.bench.deepText(el) !== before,
        );
        return ms === undefined ? {skip: 'the search changed nothing within 3 s'} : {ms};
      },
      {tag: TAG, search: SEARCH},
    );
    rows.push({metric: `filter change (text search), 500 sessions`, unit: 'ms', value: filter.ms, skip: filter.skip, target: {below: 16}});
    return rows;
  },
};
