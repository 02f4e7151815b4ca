/**
 * The widget classes, without registering any tag: import from here to
 * register a class under a name of your own, or import `trust-widgets/define`
 * (or one widget's `.../define`) to register the standard tags.
 */
export {TrustSchedule} from './schedule/trust-schedule.js';
export {TrustSpeakers} from './speakers/trust-speakers.js';
export {TrustHashtagFeed} from './hashtag-feed/trust-hashtag-feed.js';
export {TrustFollowCounter} from './follow-counter/trust-follow-counter.js';
export {TrustElement} from './shared/element.js';
// With manual time's controls, for tests of pages that use the widgets (tree-shaken when unused).
export {clock} from './shared/manual-time.js';
export {TrustError, type ErrorKind} from './shared/errors.js';
export type {TrustLoadDetail, TrustErrorDetail, TrustLoadEvent, TrustErrorEvent, Problem} from './shared/events.js';
export type {Format, FormatMap, Adapted, AdapterContext} from './shared/adapter.js';
export {VERSION} from './shared/version.js';
