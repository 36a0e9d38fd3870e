// Compression through the real server (server/compression.js, ADR 020): build assets come
// precompressed with the right Content-Encoding and Vary and decompress to the very bytes
// of the file; clients that accept nothing get the file; HEAD, Range and revalidation still
// behave; HTML is compressed (Remix's pages, the board template path, the anonymous page
// cache) and server-sent events are not.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { setPhase } from "~/board/boards.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { compressAssets } from "../scripts/compress-assets.js";
import { acceptedEncodings, HTML_LARGE_BYTES, HTML_MIN_BYTES, htmlEncodingFor } from "../server/compression.js";
import { leanCoffee } from "./board/helpers";
import { makeEvent } from "./helpers/factories";
import { sessionCookieFor, startTestServer } from "./helpers/server";

const publicDir = path.resolve(process.env.BUILD_DIR ?? "build", "public");
// Before the server starts: it reads the variants at boot.
compressAssets(publicDir);
const server = await startTestServer();

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A request whose body is left exactly as it came over the wire (fetch would decode it). */
function raw(urlPath: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request(server.url + urlPath, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

const decode = (response: Raw) => {
  const encoding = response.headers["content-encoding"];
  if (encoding === "br") return zlib.brotliDecompressSync(response.body);
  if (encoding === "gzip") return zlib.gunzipSync(response.body);
  return response.body;
};

/** The largest JavaScript file of the build: the one a phone pays for most. */
function largestScript() {
  const shared = path.join(publicDir, "_shared");
  const [name] = fs
    .readdirSync(shared)
    .filter((f) => f.endsWith(".js"))
    .sort((a, b) => fs.statSync(path.join(shared, b)).size - fs.statSync(path.join(shared, a)).size);
  return { url: `/build/_shared/${name}`, bytes: fs.readFileSync(path.join(shared, name)) };
}

describe("precompressed build assets", () => {
  const asset = largestScript();

  it("sends brotli and gzip variants that decompress to the file's own bytes, with Vary and the immutable cache header", async () => {
    for (const [accept, encoding] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
      ["br;q=0.5, gzip;q=1", "gzip"],
    ] as const) {
      const response = await raw(asset.url, { "Accept-Encoding": accept });
      expect(response.status).toBe(200);
      expect(response.headers["content-encoding"]).toBe(encoding);
      expect(response.headers.vary).toBe("Accept-Encoding");
      expect(response.headers["content-type"]).toBe("application/javascript; charset=UTF-8");
      expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(Number(response.headers["content-length"])).toBe(response.body.length);
      expect(response.body.length).toBeLessThan(asset.bytes.length / 2);
      expect(decode(response).equals(asset.bytes)).toBe(true);
      // A script keeps the headers that matter for it (tests/security.test.ts).
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("sends the plain file to a client that accepts no encoding, still saying that the answer varies", async () => {
    for (const headers of [{}, { "Accept-Encoding": "identity" }, { "Accept-Encoding": "br;q=0, gzip;q=0" }] as Record<string, string>[]) {
      const response = await raw(asset.url, headers);
      expect(response.status).toBe(200);
      expect(response.headers["content-encoding"]).toBeUndefined();
      expect(response.headers.vary).toBe("Accept-Encoding");
      expect(response.body.equals(asset.bytes)).toBe(true);
    }
  });

  it("answers HEAD with the headers of the GET and no body", async () => {
    const get = await raw(asset.url, { "Accept-Encoding": "br" });
    const head = await raw(asset.url, { "Accept-Encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ["content-encoding", "content-length", "content-type", "etag", "vary", "cache-control"]) {
      expect(head.headers[name]).toBe(get.headers[name]);
    }
    const plainHead = await raw(asset.url, {}, "HEAD");
    expect(plainHead.headers["content-encoding"]).toBeUndefined();
    expect(Number(plainHead.headers["content-length"])).toBe(asset.bytes.length);
  });

  it("answers a Range request with the identity file's bytes, even when the client accepts brotli", async () => {
    const response = await raw(asset.url, { "Accept-Encoding": "gzip, br", Range: "bytes=100-199" });
    expect(response.status).toBe(206);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers["content-range"]).toBe(`bytes 100-199/${asset.bytes.length}`);
    expect(response.headers.vary).toBe("Accept-Encoding");
    expect(response.body.equals(asset.bytes.subarray(100, 200))).toBe(true);
  });

  it("answers a revalidation of a variant with 304, and gives each variant its own ETag", async () => {
    const br = await raw(asset.url, { "Accept-Encoding": "br" });
    const gzip = await raw(asset.url, { "Accept-Encoding": "gzip" });
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(gzip.headers.etag);
    const again = await raw(asset.url, { "Accept-Encoding": "br", "If-None-Match": br.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("writes no variant for files too small to gain from one, and such files are served as they are", () => {
    // Resource routes (healthz, the feeds) have browser modules of a few dozen bytes.
    const tiny = fs
      .readdirSync(path.join(publicDir, "routes"))
      .find((f) => f.endsWith(".js") && fs.statSync(path.join(publicDir, "routes", f)).size < 256);
    expect(tiny).toBeTruthy();
    expect(fs.existsSync(path.join(publicDir, "routes", `${tiny}.br`))).toBe(false);
  });
});

describe("compressed HTML", () => {
  it("compresses a page for a client that accepts it and sends it plain otherwise, with Vary on both", async () => {
    const event = makeEvent({ title: "Compressed exchange", description: "Pages travel compressed. ".repeat(40) });
    // Cookie-less: the second visit comes from the anonymous page cache, which is compressed too.
    for (const cache of [undefined, "hit"]) {
      const response = await raw(`/events/${event.slug}`, { "Accept-Encoding": "gzip, deflate, br" });
      expect(response.status).toBe(200);
      expect(response.headers["x-page-cache"]).toBe(cache);
      expect(response.headers["content-encoding"]).toBe("br");
      expect(response.headers.vary).toMatch(/Accept-Encoding/);
      expect(Number(response.headers["content-length"])).toBe(response.body.length);
      const html = decode(response).toString("utf8");
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain("Compressed exchange");
      expect(html.length).toBeGreaterThan(response.body.length * 2);
    }
    const gzip = await raw(`/events/${event.slug}`, { "Accept-Encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(decode(gzip).toString("utf8")).toContain("Compressed exchange");

    const plain = await raw(`/events/${event.slug}`);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    expect(plain.body.toString("utf8")).toContain("Compressed exchange");
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);

    const head = await raw(`/events/${event.slug}`, { "Accept-Encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBeUndefined();
    expect(head.body.length).toBe(0);
  });

  it("compresses board pages filled in from the shared template", async () => {
    const world = await leanCoffee({ title: "Template board exchange" });
    const topic = proposeTopic(world.board.id, { id: world.alice.id }, { title: "Squeezed topic" });
    setPhase(world.board.id, "vote", { id: world.organiser.id });
    castVote(world.board.id, topic.id, { id: world.bob.id });
    const cookie = await sessionCookieFor(world.alice.id);
    const pagePath = `/events/${world.event.slug}/boards/${world.board.id}`;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await raw(pagePath, { Cookie: cookie, "Accept-Encoding": "br" }));
    expect(answers.map((a) => a.headers["x-page-cache"])).toContain("template");
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers["content-encoding"]).toBe("br");
      expect(answer.headers.vary).toMatch(/Accept-Encoding/);
      expect(decode(answer).toString("utf8")).toContain("Squeezed topic");
    }
  });

  it("leaves server-sent events alone, so the live board keeps streaming", async () => {
    const world = await leanCoffee();
    const cookie = await sessionCookieFor(world.alice.id);
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const request = http.get(
        `${server.url}/events/${world.event.slug}/boards/${world.board.id}/live`,
        { headers: { Cookie: cookie, "Accept-Encoding": "br, gzip" } },
        (response) => {
          resolve(response.headers);
          response.destroy();
        },
      );
      request.on("error", reject);
    });
    expect(headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(headers["content-encoding"]).toBeUndefined();
  });
});

describe("the HTML compression rule", () => {
  it("prefers brotli, honours q-values and q=0, and treats * as any encoding", () => {
    expect(acceptedEncodings("gzip, deflate, br")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("gzip;q=1.0, br;q=0.8")).toEqual(["gzip", "br"]);
    expect(acceptedEncodings("br;q=0, gzip")).toEqual(["gzip"]);
    expect(acceptedEncodings("*")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("identity")).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });

  it("sends small bodies as they are, brotli 4 or gzip 6 up to 32 kB, the cheapest levels from there", () => {
    expect(htmlEncodingFor(HTML_MIN_BYTES - 1, ["br", "gzip"])).toBeNull();
    expect(htmlEncodingFor(20_000, [])).toBeNull();
    expect(htmlEncodingFor(20_000, ["br", "gzip"])).toEqual({ encoding: "br", quality: 4 });
    expect(htmlEncodingFor(20_000, ["gzip"])).toEqual({ encoding: "gzip", level: 6 });
    expect(HTML_LARGE_BYTES).toBe(32 * 1024);
    expect(htmlEncodingFor(HTML_LARGE_BYTES, ["br"])).toEqual({ encoding: "br", quality: 1 });
    expect(htmlEncodingFor(HTML_LARGE_BYTES, ["gzip"])).toEqual({ encoding: "gzip", level: 1 });
  });
});
