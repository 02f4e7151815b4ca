// The production build in Chromium: the shipped minifiers, Lit in production mode (see web-test-runner.base.config.js).
import {testConfig} from './web-test-runner.base.config.js';

export default await testConfig({build: 'prod', engines: ['chromium']});
