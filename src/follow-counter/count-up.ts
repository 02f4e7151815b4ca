import type {ReactiveController, ReactiveControllerHost} from 'lit';

/** Whether the reader can see motion and has not asked for less of it. */
export function motionAllowed(): boolean {
  return !document.hidden && !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

const easeOutCubic = (t: number) => 1 - (1 - t) ** 3;

/**
 * A number that counts up (or down) to each new value over about a second,
 * one step per animation frame, easing out. It jumps straight to the value
 * when motion is not allowed, and when the host leaves the page.
 */
export class CountUp implements ReactiveController {
  /** The number to show now: the value, or a step on the way to it. */
  shown?: number;
  /** The value being shown or counted towards. */
  target?: number;
  #frame = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly durationMs = 1000,
  ) {
    host.addController(this);
  }

  get running(): boolean {
    return this.#frame !== 0;
  }

  /** Shows `value` at once. */
  jump(value: number): void {
    this.#stop();
    this.target = value;
    if (this.shown !== value) {
      this.shown = value;
      this.host.requestUpdate();
    }
  }

  /** Counts from what is shown to `value`, when motion is allowed; jumps otherwise. */
  countTo(value: number): void {
    const from = this.shown;
    if (from === undefined || from === value || !motionAllowed()) return this.jump(value);
    this.#stop();
    this.target = value;
    let start: number | undefined;
    const step = (now: number) => {
      start ??= now;
      const progress = Math.min(1, (now - start) / this.durationMs);
      const next = Math.round(from + (value - from) * easeOutCubic(progress));
      if (next !== this.shown) {
        this.shown = next;
        this.host.requestUpdate();
      }
      this.#frame = progress < 1 ? requestAnimationFrame(step) : 0;
    };
    this.#frame = requestAnimationFrame(step);
  }

  hostDisconnected(): void {
    if (this.target !== undefined) this.jump(this.target);
  }

  #stop(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }
}
