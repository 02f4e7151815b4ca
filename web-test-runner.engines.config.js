// The production build in Chromium, Firefox and WebKit (TRUST_ENGINES=firefox,webkit runs some of them).
import {testConfig} from './web-test-runner.base.config.js';

const engines = (process.env.TRUST_ENGINES || 'chromium,firefox,webkit').split(',').map((e) => e.trim());
export default await testConfig({build: 'prod', engines});
