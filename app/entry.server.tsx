// Server rendering with the per-request CSP nonce (set by server/security.js and passed
// in the load context).
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { SlotMarkerContext } from "~/components/personal-slot";
import { learnDocumentTemplate, slotMarker, TEMPLATE_NONCE, type TemplateSpec } from "~/utils/document-template.server";
import { NonceContext } from "~/utils/nonce";
import { isPageCacheable, pageCacheStore } from "~/utils/page-cache.server";

type LoadContext = { cspNonce?: string; pageCache?: { key: string; version: string }; documentTemplate?: TemplateSpec };

export { startup } from "~/startup.server";
// Handlers the HTTP server (server/app.js) mounts in front of Remix.
export { handleDotRequest } from "~/board/dot-endpoint.server";
export { handleBoardDocumentRequest } from "~/board/template/board-document.server";
export { isPageCacheCandidate, pageCacheLookup, pageCacheVersion } from "~/utils/page-cache.server";

/**
 * The whole document as one string. Nothing in the app streams (no `defer`, no Suspense),
 * so the shell is the whole page anyway; one string avoids the stream plumbing (React →
 * PassThrough → web stream → Node socket, one write per chunk) that cost more than it gave.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const { cspNonce: nonce = "", pageCache, documentTemplate } = loadContext as LoadContext;
  keepRetryAfter(remixContext, responseHeaders);
  const html = renderDocument(remixContext, request.url, nonce);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  if (documentTemplate && responseStatusCode === 200) {
    learnDocumentTemplate(documentTemplate, remixContext, html, nonce, (context, as) =>
      as === "template" ? renderDocument(context, request.url, TEMPLATE_NONCE, true) : renderDocument(context, request.url, nonce),
    );
  }
  if (pageCache) {
    const page = remixContext.staticHandlerContext.matches.at(-1);
    const cacheable = page ? isPageCacheable(remixContext.routeModules[page.route.id]?.handle) : false;
    pageCacheStore({
      url: pageCache.key,
      cacheable,
      status: responseStatusCode,
      headers: responseHeaders,
      html,
      nonce,
      version: pageCache.version,
    });
  }
  return new Response(html, { headers: responseHeaders, status: responseStatusCode });
}

/** `asTemplate`: personal slots render as markers (app/utils/document-template.server.ts). */
function renderDocument(context: EntryContext, url: string, nonce: string, asTemplate = false) {
  return `<!DOCTYPE html>${renderToString(
    <NonceContext.Provider value={nonce}>
      <SlotMarkerContext.Provider value={asTemplate ? slotMarker : null}>
        <RemixServer context={context} url={url} />
      </SlotMarkerContext.Provider>
    </NonceContext.Provider>,
  )}`;
}

/**
 * A 429 (rate limit) carries Retry-After, but Remix hands an action's or loader's headers
 * (thrown, or a form's refusal returned as data) only to the route's own `headers` export.
 * Copy it here, for every route.
 */
function keepRetryAfter(remixContext: EntryContext, responseHeaders: Headers) {
  const { actionHeaders, loaderHeaders } = remixContext.staticHandlerContext;
  for (const headers of [...Object.values(actionHeaders ?? {}), ...Object.values(loaderHeaders ?? {})]) {
    const retryAfter = headers.get("Retry-After");
    if (retryAfter) responseHeaders.set("Retry-After", retryAfter);
  }
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
