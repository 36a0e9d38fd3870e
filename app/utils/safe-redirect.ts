const DEFAULT_REDIRECT = "/";
/** A stand-in origin: a target must stay on it to be "same site". */
const SELF = "http://self.invalid";

/**
 * Only relative, same-site paths: never `//evil.example` or `https://…`. The result is
 * what the URL parser makes of the path (percent-encoded ASCII), so it is always a valid
 * Location header, whatever characters came in (a non-ASCII one used to throw a 500
 * after the session was made).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = DEFAULT_REDIRECT) {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, SELF);
  } catch {
    return fallback;
  }
  if (url.origin !== SELF) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
