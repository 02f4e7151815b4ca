/**
 * Runs the demo page: the library's clock follows the replay of the week on
 * the demo server, and the demo controls show the replayed time and jump
 * between days. The widgets read the demo relay's files (/relay/…) on this
 * same server, whatever port it runs on.
 *
 * Load it before the widgets (`/src/define.ts`): module scripts run in order,
 * so the clock is right before any widget starts.
 */
// The .ts URL: that is the module the widgets' relative imports resolve to on the dev server.
import {clock} from '/src/shared/manual-time.ts';

const EVENT_ZONE = 'Europe/London';
/** Page and server clocks may drift apart by this much (demo time) before the page catches up. */
const TOLERATED_DRIFT_MS = 60_000;
const SYNC_EVERY_MS = 10_000;

function follow({now, rate}) {
  clock.useManualTime(now, rate);
  showTime();
}

async function replayTime(init) {
  const response = await fetch('/demo-api/clock', init);
  if (!response.ok) throw new Error(`The demo server answered ${response.status}`);
  return response.json();
}

/** Catches up with the server: after the replay starts again (or someone jumps back) the page starts afresh. */
async function sync() {
  const server = await replayTime();
  const drift = Date.parse(server.now) - clock.now();
  if (clock.isManual && drift < -5 * TOLERATED_DRIFT_MS) location.reload();
  else if (!clock.isManual || Math.abs(drift) > TOLERATED_DRIFT_MS) follow(server);
}

async function jumpTo(at) {
  const server = await replayTime({method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({now: at})});
  // Going back in time would leave later posts on screen (the server's relay starts afresh too): start the page again instead.
  if (Date.parse(server.now) < clock.now()) location.reload();
  else follow(server);
}

const timeOutput = document.querySelector('#demo-time');
const dayButtons = [...document.querySelectorAll('[data-jump-to]')];
const showDate = new Intl.DateTimeFormat('en-GB', {timeZone: EVENT_ZONE, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});
const dayOf = new Intl.DateTimeFormat('en-CA', {timeZone: EVENT_ZONE, year: 'numeric', month: '2-digit', day: '2-digit'});

function showTime() {
  if (!timeOutput || !clock.isManual) return;
  const now = clock.date();
  timeOutput.dateTime = now.toISOString();
  timeOutput.textContent = showDate.format(now);
  const today = dayOf.format(now);
  for (const button of dayButtons) {
    if (button.dataset.jumpTo.startsWith(today)) button.setAttribute('aria-current', 'date');
    else button.removeAttribute('aria-current');
  }
}

// The page was served with the replay's time written in (see server.config.js);
// opened some other way, ask the server.
const served = document.querySelector('#demo-clock');
if (served) follow(JSON.parse(served.textContent));
else void sync().catch((error) => console.warn('Demo clock unavailable:', error));

for (const button of dayButtons) button.addEventListener('click', () => void jumpTo(button.dataset.jumpTo));
setInterval(showTime, 1000);
setInterval(() => void sync().catch(() => {}), SYNC_EVERY_MS);
