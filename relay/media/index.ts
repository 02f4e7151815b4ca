/**
 * The media proxy (`"mediaProxy": true` on a feed or counter): readers'
 * browsers fetch every picture from the relay, none from a platform.
 *
 * How it fits the relay (wired in a later change):
 * - one MediaStore over State.db and the config's `out` folder, and one
 *   MediaProxy over it, made when any feed has mediaProxy on;
 * - publishing a feed with mediaProxy: make the document (feedDocument), then
 *   `await proxy.prepare(document.posts)` (bounded by its budget), then
 *   `output.publish(path, proxy.rewriteDocument(path, document), refresh)`;
 *   a feed that turns mediaProxy off calls `store.retain(path, new Map())`
 *   once, so its pictures go;
 * - the server: `sendMedia(req, res, store, path)` for GET/HEAD /media/<name>
 *   before its 404 (it answers true when the path was /media/<name>);
 * - never pass `testOnlyAllow` or `ca` from the configuration.
 */
export {addressProblem} from './address.js';
export {fetchMedia, MediaError, MEDIA_USER_AGENT, type FetchedMedia, type FetchMediaOptions, type Resolve, type ResolvedAddress} from './fetch.js';
export {headerType, sniff, IMAGE_TYPES, type ImageType} from './image.js';
export {MediaProxy, type MediaProxyOptions} from './proxy.js';
export {mediaBase, pictureUrls, rewritePost, type PictureKind} from './rewrite.js';
export {sendMedia} from './serve.js';
export {MEDIA_FOLDER, MediaStore, type MediaFile, type MediaStoreOptions, type StoredMedia} from './store.js';
