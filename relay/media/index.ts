/** The media proxy (`"mediaProxy": true`): what the relay's config, publishing and server use. */
export {addressProblem} from './address.js';
export {fetchMedia, MediaError, MEDIA_USER_AGENT, type FetchedMedia, type FetchMediaOptions, type Resolve, type ResolvedAddress} from './fetch.js';
export {headerType, sniff, IMAGE_TYPES, type ImageType} from './image.js';
export {MediaProxy, type MediaProxyOptions} from './proxy.js';
export {mediaBase, pictureUrls, rewritePost, type PictureKind} from './rewrite.js';
export {sendMedia} from './serve.js';
export {MEDIA_FOLDER, MediaStore, type MediaFile, type MediaStoreOptions, type StoredMedia} from './store.js';
