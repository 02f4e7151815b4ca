import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseConfig} from '../config.js';
import {installSanitiserDom} from '../dom.js';
import {memoryLogger} from '../log.js';
import {Relay, type RelayOptions} from '../relay.js';
import {Emulator} from './emulator.js';

installSanitiserDom();

/** Time that moves only when a test says so; starts a day ago, so posts stamped with it are never "in the future". */
export class ManualClock {
  t = Math.floor((Date.now() - 86_400_000) / 1000) * 1000;
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Setup {
  relay: Relay;
  emulator: Emulator;
  clock: ManualClock;
  dir: string;
  log: ReturnType<typeof memoryLogger>;
  configText: string;
  restart(): Relay;
  done(): Promise<void>;
}

/** A relay on a temporary folder against a fresh emulator; `config(url)` gives the config object. */
export async function setUp(config: (url: string) => Record<string, unknown>, env: Record<string, string> = {}, random = () => 0.5, options: Partial<RelayOptions> = {}): Promise<Setup> {
  const emulator = await new Emulator().start();
  const clock = new ManualClock();
  emulator.now = clock.now;
  const dir = mkdtempSync(join(tmpdir(), 'trust-relay-'));
  const log = memoryLogger();
  const configText = JSON.stringify({out: './out', state: './state.sqlite', ...config(emulator.url)});
  const make = () => new Relay(parseConfig(configText, join(dir, 'relay.json'), env), {clock, log, random, ...options});
  const setup: Setup = {
    relay: make(),
    emulator,
    clock,
    dir,
    log,
    configText,
    restart() {
      setup.relay.close();
      setup.relay = make();
      return setup.relay;
    },
    async done() {
      setup.relay.close();
      await emulator.close();
      rmSync(dir, {recursive: true, force: true});
    },
  };
  return setup;
}

export function published(setup: Setup, path: string): Record<string, unknown> {
  const file = setup.relay.output.get(path);
  if (!file) throw new Error(`${path} was not published`);
  return JSON.parse(file.body.toString()) as Record<string, unknown>;
}

/** One source's entry in status.json. */
export interface SourceStatus {
  key: string;
  network: string;
  server: string;
  usedBy: string[];
  state: 'ok' | 'failing' | 'paused' | 'waiting';
  lastSuccess: string | null;
  lastError: {at: string | null; message: string} | null;
  failures: number;
  nextPoll: string | null;
  rateLimit: {until: string; reason: string} | null;
  notice?: string;
}

export function statusOf(setup: Setup): SourceStatus[] {
  return (published(setup, 'status.json') as {sources: SourceStatus[]}).sources;
}
