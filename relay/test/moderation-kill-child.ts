/**
 * The process that the moderation kill -9 test kills: a relay polling as fast
 * as it can while a moderator decides on every post reaching the queue
 * (approve, hide, pin in turn), so that a kill lands among decisions' commits
 * and file writes. Prints "decided ACTION AUDIT-ID KEY" once act() has returned.
 */
import {loadConfig} from '../config.js';
import {installSanitiserDom} from '../dom.js';
import {createLogger} from '../log.js';
import type {ActionName} from '../moderation/api.js';
import {Relay} from '../relay.js';

installSanitiserDom();
const relay = new Relay(loadConfig(process.argv[2]), {log: createLogger('json', () => undefined)});
relay.publishAll();
const actions: ActionName[] = ['approve', 'hide', 'pin'];
for (let n = 0; ; ) {
  await relay.runAll();
  for (const item of relay.moderation.list('somewk', 'queue', {limit: 5}).items) {
    const action = actions[n++ % actions.length];
    const result = relay.moderation.act('somewk', {key: item.key, action, version: item.version}, 'alice');
    if (result.ok) process.stdout.write(`decided ${action} ${result.auditId} ${item.key}\n`);
  }
}
