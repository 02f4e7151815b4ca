import {defineElement} from '../shared/define.js';
import {TrustHashtagFeed} from './trust-hashtag-feed.js';

export * from './trust-hashtag-feed.js';

defineElement('trust-hashtag-feed', TrustHashtagFeed);

declare global {
  interface HTMLElementTagNameMap {
    'trust-hashtag-feed': TrustHashtagFeed;
  }
}
