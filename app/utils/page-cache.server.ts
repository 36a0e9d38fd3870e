// Micro-cache for anonymous pages. A visitor without any cookie sees exactly what every
// other such visitor sees, so the most visited public pages (the event page after an
// announcement, the home page, the schedule, public notes) are kept for a few seconds and
// served without running loaders or React.
//
// Freshness: an entry is served only while the database has not changed since the page's
// loaders started (see pageCacheVersion), and for at most TTL_MS (clock-dependent text like "registration closes
// in 2 days"). So a write is visible to the next visitor at once.
//
// The per-request CSP nonce is the only per-request part of a document: it is cut out when a
// page is stored and the new request's nonce put in when it is served.
//
// Flow: server/app.js asks `pageCacheLookup` before Remix and passes `pageCacheVersion()`
// to Remix in the load context; app/entry.server.tsx calls `pageCacheStore` after rendering.
import { databaseVersion } from "#db/client";
import { boundedCache } from "~/utils/cache.server";
import { remember } from "~/utils/remember";

const TTL_MS = 5_000;
/** Per page and in all: the cache never holds more than ~16 MB of text. */
const MAX_PAGE_CHARS = 512 * 1024;
const MAX_TOTAL_CHARS = 16 * 1024 * 1024;

/**
 * The pages worth keeping (public, read-mostly, the same for every anonymous visitor) say
 * so in their route module: `export const handle = { pageCache: true }`.
 */
export type PageCacheHandle = { pageCache: true };
export const isPageCacheable = (handle: unknown) => (handle as Partial<PageCacheHandle> | undefined)?.pageCache === true;

type Entry = { parts: string[]; chars: number; headers: [string, string][]; version: string; storedAt: number };
// One cache per process, shared by module copies (tests load the build and the sources),
// bounded by the characters it holds: the least recently used pages go first.
const cache = () => remember("page-cache", () => boundedCache<string, Entry>({ maxSize: MAX_TOTAL_CHARS, sizeOf: (entry) => entry.chars }));

/** See databaseVersion: changes with every write to the database, by anyone. */
export const pageCacheVersion = (): string => databaseVersion();

/** Only cookie-less GETs: any cookie may be a session or a flash message that changes the page. */
export function isPageCacheCandidate(method: string, cookieHeader: string | undefined | null) {
  return method === "GET" && !cookieHeader;
}

/** The stored page for `url` with `nonce` put in, or null when absent, stale or expired. */
export function pageCacheLookup(url: string, nonce: string, now = Date.now()) {
  const pages = cache();
  const entry = pages.get(url);
  if (!entry) return null;
  if (now - entry.storedAt > TTL_MS || entry.version !== pageCacheVersion()) {
    pages.delete(url);
    return null;
  }
  return { body: entry.parts.join(nonce), headers: entry.headers };
}

/** Keeps a rendered page when its route is cacheable (isPageCacheable) and nothing in it is personal. */
export function pageCacheStore(options: {
  url: string;
  /** Whether the page's route says `handle: { pageCache: true }`. */
  cacheable: boolean;
  status: number;
  headers: Headers;
  html: string;
  nonce: string;
  /** pageCacheVersion() taken before the loaders ran (a write during rendering makes the entry stale at once). */
  version: string;
}) {
  const { url, cacheable, status, headers, html, nonce, version } = options;
  if (status !== 200 || !cacheable) return;
  if (headers.has("Set-Cookie") || /no-store|private/.test(headers.get("Cache-Control") ?? "")) return;
  if (html.length > MAX_PAGE_CHARS || nonce.length < 16) return;
  cache().set(url, { parts: html.split(nonce), chars: html.length, headers: [...headers], version, storedAt: Date.now() });
}
