// The TypeScript sources in Chromium, Lit in dev mode, with coverage (see web-test-runner.base.config.js).
import {testConfig} from './web-test-runner.base.config.js';

export default await testConfig({build: 'sources', engines: ['chromium']});
