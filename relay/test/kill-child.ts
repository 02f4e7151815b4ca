/**
 * The process that the kill -9 test kills: a relay polling and publishing as
 * fast as it can (not a real schedule), so that a kill lands in the middle of
 * commits and file writes. Prints "round N" after each round.
 */
import {loadConfig} from '../config.js';
import {installSanitiserDom} from '../dom.js';
import {createLogger} from '../log.js';
import {Relay} from '../relay.js';

installSanitiserDom();
const relay = new Relay(loadConfig(process.argv[2]), {log: createLogger('json', () => undefined)});
relay.publishAll();
for (let round = 1; ; round++) {
  await relay.runAll();
  process.stdout.write(`round ${round}\n`);
}
