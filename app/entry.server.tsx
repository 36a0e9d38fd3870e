// Server rendering with the per-request CSP nonce (set by server/security.js and passed
// in the load context). Bots get the whole document at once; browsers a stream.
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/utils/nonce";

export { startup } from "~/startup.server";
// Handlers the HTTP server (server/app.js) mounts in front of Remix.
export { handleDotRequest } from "~/board/dot-endpoint.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext as { cspNonce?: string }).cspNonce ?? "";
  keepRetryAfter(remixContext, responseHeaders);
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * A thrown 429 (rate limit) carries Retry-After, but Remix hands a thrown Response's
 * headers only to the boundary route's own `headers` export. Copy it here, for every route.
 */
function keepRetryAfter(remixContext: EntryContext, responseHeaders: Headers) {
  const { actionHeaders, loaderHeaders, errors } = remixContext.staticHandlerContext;
  if (!errors) return;
  for (const headers of [...Object.values(actionHeaders ?? {}), ...Object.values(loaderHeaders ?? {})]) {
    const retryAfter = headers.get("Retry-After");
    if (retryAfter) responseHeaders.set("Retry-After", retryAfter);
  }
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
