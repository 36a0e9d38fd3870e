// @ts-check
// The phone benchmark's baseline: a bare static server that sends the same bytes the app
// sent. Pages are the app's own answers, captured once (body as it came over the wire and
// its Content-Encoding); /build/* files come from the same build folder, as `x.br` / `x.gz`
// when the build has them and the browser accepts them (as the app does), else as they are.
// No routing, no database, no rendering: what is left of a page's time here is the
// network and the phone's CPU. Anything else (the board's live stream, a vote) is a 404.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

/** @type {{ buildPublic: string, pages: Record<string, { file: string, encoding?: string }> }} */
const manifest = JSON.parse(fs.readFileSync(process.env.PHONE_MANIFEST ?? "", "utf8"));
const pages = new Map(Object.entries(manifest.pages).map(([url, page]) => [url, { ...page, body: fs.readFileSync(page.file) }]));
const TYPES = { ".js": "application/javascript; charset=UTF-8", ".css": "text/css; charset=UTF-8", ".svg": "image/svg+xml" };

const server = http.createServer((req, res) => {
  const url = (req.url ?? "/").split("?")[0];
  // A signed-out page is listed as "path#signed-out": asked for without a cookie.
  const page = (req.headers.cookie ? undefined : pages.get(`${url}#signed-out`)) ?? pages.get(url);
  if (page) {
    /** @type {Record<string, string | number>} */
    const headers = { "Content-Type": "text/html; charset=utf-8", "Content-Length": page.body.length, "Cache-Control": "no-store" };
    if (page.encoding) headers["Content-Encoding"] = page.encoding;
    res.writeHead(200, headers);
    res.end(page.body);
    return;
  }
  if (url.startsWith("/build/") && !url.includes("..")) {
    const file = path.join(manifest.buildPublic, url.slice("/build/".length));
    const accept = String(req.headers["accept-encoding"] ?? "");
    for (const [encoding, extension] of [
      ["br", ".br"],
      ["gzip", ".gz"],
      [null, ""],
    ]) {
      if (encoding && !accept.includes(encoding)) continue;
      if (!fs.existsSync(file + extension)) continue;
      const body = fs.readFileSync(file + extension);
      /** @type {Record<string, string | number>} */
      const headers = {
        "Content-Type": TYPES[/** @type {keyof typeof TYPES} */ (path.extname(file))] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "public, max-age=31536000, immutable",
      };
      if (encoding) headers["Content-Encoding"] = encoding;
      res.writeHead(200, headers);
      res.end(body);
      return;
    }
  }
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("not here");
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`phone baseline listening on http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGINT", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.on("SIGTERM", () => process.exit(0));
