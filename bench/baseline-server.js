// @ts-check
// The ceiling: a bare node:http server answering every request with the same bytes
// (and content type) as the app's board page. Every scenario is also reported as a
// ratio to this server's requests/s, measured in the same run on the same machine.
import fs from "node:fs";
import http from "node:http";

const body = fs.readFileSync(process.env.BODY_FILE ?? "");
const contentType = process.env.CONTENT_TYPE ?? "text/html; charset=utf-8";

const server = http.createServer((req, res) => {
  res.writeHead(200, { "Content-Type": contentType, "Content-Length": body.length });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`baseline listening on ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGINT", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.on("SIGTERM", () => process.exit(0));
