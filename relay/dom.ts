import {JSDOM} from 'jsdom';
import {useSanitiserWindow} from '../src/hashtag-feed/sanitise.js';

/**
 * Post HTML is sanitised on the relay by the same code as in the widget:
 * DOMPurify needs a DOM, and jsdom is the one DOMPurify's authors recommend
 * on Node. One window for the process; nothing in it loads or runs.
 */
export function installSanitiserDom(): void {
  const {window} = new JSDOM('<!doctype html>', {url: 'https://relay.invalid/'});
  useSanitiserWindow(window);
}
