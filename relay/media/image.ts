/**
 * Which image a file is, by its first bytes: what the media proxy believes
 * instead of a server's Content-Type (the two must agree). No image decoder
 * is used (the relay takes no new dependency): the signatures and the first
 * structure after them are checked, which is what a browser's own sniffing
 * would look at. Files are then served with their type, nosniff and a
 * sandboxing CSP, so a polyglot that passes can still only ever be an image.
 */

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/avif';

export const IMAGE_TYPES: Record<ImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
};

/** Content-Type header → the image type it names, or undefined ("image/jpg", a common misspelling, is JPEG). */
export function headerType(header: string | undefined): ImageType | undefined {
  const type = header?.split(';')[0].trim().toLowerCase();
  if (type === 'image/jpg' || type === 'image/pjpeg') return 'image/jpeg';
  return type && type in IMAGE_TYPES ? (type as ImageType) : undefined;
}

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** Enough bytes to tell every type here apart (AVIF's brands may come a little later). */
export const SNIFF_BYTES = 64;

/** What the content is, by magic bytes: an image type, or a word for what else it looks like. */
export function sniff(bytes: Uint8Array): {type: ImageType} | {other: string} {
  if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(bytes, 1, 8) === 'PNG\r\n\x1a\n') {
    // The first chunk of every PNG is IHDR.
    return ascii(bytes, 12, 16) === 'IHDR' ? {type: 'image/png'} : {other: 'a damaged PNG'};
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return {type: 'image/jpeg'};
  if (bytes.length >= 13 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return {type: 'image/gif'};
  if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    return /^VP8[ LX]$/.test(ascii(bytes, 12, 16)) ? {type: 'image/webp'} : {other: 'a damaged WebP'};
  }
  if (bytes.length >= 16 && ascii(bytes, 4, 8) === 'ftyp') {
    const size = Math.min(((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0, bytes.length);
    const brands: string[] = [ascii(bytes, 8, 12)];
    for (let i = 16; i + 4 <= size; i += 4) brands.push(ascii(bytes, i, i + 4));
    if (brands.includes('avif') || brands.includes('avis')) return {type: 'image/avif'};
    return {other: 'an ISO media file that is not AVIF (a video, or HEIC)'};
  }
  const text = new TextDecoder('utf-8', {fatal: false}).decode(bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return {other: 'SVG'};
  if (/^<(!doctype html|html|head|body|script|!--)/.test(text)) return {other: 'HTML'};
  if (text.startsWith('<?xml')) return {other: 'XML'};
  if (text.startsWith('{') || text.startsWith('[')) return {other: 'JSON or text'};
  return {other: 'not a known image format'};
}
