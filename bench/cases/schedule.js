// <trust-schedule>: first render of 100 and 500 sessions set through the
// `data` property (native format), and filter changes on 500.
// Each time runs from setting the data (or typing) until the element has
// rendered the change and the page has been laid out. A 5-session warm-up
// render first loads the native adapter's lazy chunk, so that network fetch
// is not in the timings (the peers case shows a cold page load). The filters are the
// element's own controls in its shadow DOM: the search box and the type select.
import {makeEvent} from '../lib/data.js';
import {NOT_RENDERED, openWidget} from '../lib/widgets.js';

const TAG = 'trust-schedule';
const SEARCH = 'peer support';

export default {
  title: TAG,
  async run({page, baseUrl}) {
    const skip = await openWidget(page, baseUrl, TAG);
    if (skip) return {skip};
    await page.evaluate(({tag, data}) => window.bench.warmUp(tag, {format: 'native'}, data), {tag: TAG, data: makeEvent({sessionCount: 5})});
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

    // The 500-session schedule is on screen: search it, then clear the search and filter by type.
    const filters = await page.evaluate(
      async ({tag, search}) => {
        const el = document.querySelector(tag);
        const find = (selector) => window.bench.deepQueryAll(el, selector)[0];
        /** Times a change to a form control until the rendered schedule differs. */
        const change = async (control, value, type) => {
          if (!control) return {skip: 'no such control in the shadow DOM yet'};
          const before = window.bench.deepText(el);
          const ms = await window.bench.time(
            el,
            () => {
              control.value = value;
              control.dispatchEvent(new Event(type, {bubbles: true, composed: true}));
            },
            () => window.bench.deepText(el) !== before,
          );
          return ms === undefined ? {skip: 'the schedule did not change within 3 s'} : {ms};
        };
        const searched = await change(find('input[type="search"]'), search, 'input');
        await change(find('input[type="search"]'), '', 'input');
        const typed = await change(find('select#filter-type'), 'Workshop', 'change');
        return {searched, typed};
      },
      {tag: TAG, search: SEARCH},
    );
    rows.push({metric: 'filter change (text search), 500 sessions', unit: 'ms', value: filters.searched.ms, skip: filters.searched.skip, target: {below: 16}});
    rows.push({metric: 'filter change (type), 500 sessions', unit: 'ms', value: filters.typed.ms, skip: filters.typed.skip, target: {below: 16}});
    return rows;
  },
};
