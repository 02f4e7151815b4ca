import type {ErrorKind} from './errors.js';

/**
 * The events every widget fires on itself. They bubble and are composed, so a
 * page can listen on `document` for any widget in any shadow root: these
 * widgets are leaf components whose events describe data, not internal UI.
 */
export interface Problem {
  /** Where in the source: an id, an index or a path. */
  where: string;
  /** Why it was skipped or repaired, in plain words. */
  reason: string;
}

export interface TrustLoadDetail {
  /** The URL(s) loaded, or "inline"/"property" for pasted or JS data. */
  source: string;
  format: string;
  /** Items rendered (sessions, speakers, posts, accounts). */
  count: number;
  /** Items skipped because they were unusable, each with its reason. */
  skipped: Problem[];
  /** False when a refresh found nothing new (a 304). */
  changed: boolean;
}

export interface TrustErrorDetail {
  source: string;
  kind: ErrorKind;
  message: string;
  status?: number;
  /** True when older data is still on screen. */
  stale: boolean;
}

export type TrustLoadEvent = CustomEvent<TrustLoadDetail>;
export type TrustErrorEvent = CustomEvent<TrustErrorDetail>;

declare global {
  interface HTMLElementEventMap {
    'trust-load': TrustLoadEvent;
    'trust-error': TrustErrorEvent;
  }
}

export function fire<K extends 'trust-load' | 'trust-error'>(
  target: EventTarget,
  type: K,
  detail: K extends 'trust-load' ? TrustLoadDetail : TrustErrorDetail,
): void {
  target.dispatchEvent(new CustomEvent(type, {detail, bubbles: true, composed: true}));
}
