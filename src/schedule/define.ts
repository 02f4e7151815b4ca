import {defineElement} from '../shared/define.js';
import {TrustSchedule} from './trust-schedule.js';

export * from './trust-schedule.js';

defineElement('trust-schedule', TrustSchedule);

declare global {
  interface HTMLElementTagNameMap {
    'trust-schedule': TrustSchedule;
  }
}
