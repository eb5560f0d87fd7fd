/**
 * A probe's HTTP path, as the kubelet sends it: an absolute URL path (RFC 3986 path characters
 * and valid %XX escapes, printable ASCII only), not starting with "//" (which any URL resolver
 * reads as a host), and short: it is written into three probes of every pod.
 */
const PATH_CHARACTERS = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;

/** Longest probe path accepted, in characters. */
export const MAX_HTTP_PATH_LENGTH = 1024;

export const HTTP_PATH_ALLOWED =
  `an absolute HTTP path such as "/health": at most ${MAX_HTTP_PATH_LENGTH} printable ASCII characters (letters, digits, - . _ ~ ! $ & ' ( ) * + , ; = : @ /) ` +
  'and %XX escapes, not starting with "//"; no spaces, control characters, query or fragment';

export function isHttpPath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_HTTP_PATH_LENGTH && !value.startsWith('//') && PATH_CHARACTERS.test(value);
}
