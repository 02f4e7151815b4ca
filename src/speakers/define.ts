import {defineElement} from '../shared/define.js';
import {TrustSpeakers} from './trust-speakers.js';

export * from './trust-speakers.js';

defineElement('trust-speakers', TrustSpeakers);

declare global {
  interface HTMLElementTagNameMap {
    'trust-speakers': TrustSpeakers;
  }
}
