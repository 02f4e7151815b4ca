import {defineElement} from '../../src/shared/define.js';
import {TrustModerationConsole} from './moderation-console.js';

/** The console page's one script (dist/console/console.js): registers <trust-moderation-console>. */
export * from './moderation-console.js';

defineElement('trust-moderation-console', TrustModerationConsole);

declare global {
  interface HTMLElementTagNameMap {
    'trust-moderation-console': TrustModerationConsole;
  }
}
