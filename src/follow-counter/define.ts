import {defineElement} from '../shared/define.js';
import {TrustFollowCounter} from './trust-follow-counter.js';

export * from './trust-follow-counter.js';

defineElement('trust-follow-counter', TrustFollowCounter);

declare global {
  interface HTMLElementTagNameMap {
    'trust-follow-counter': TrustFollowCounter;
  }
}
