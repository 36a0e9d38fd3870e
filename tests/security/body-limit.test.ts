// The request body limit, whatever the headers say (issue 18, finding 1): bodies are
// counted as they stream, chunked ones included, on every route (Remix pages, the dot
// endpoint, URLs nothing serves); past the limit the answer is 413, nothing is written and
// the server stops reading. Real sockets (node:http, Transfer-Encoding: chunked), and the
// server's own count of the bytes it read from each connection.
import http from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { users, votes } from "#db/schema";
import { setPhase } from "~/board/boards.server";
import { proposeTopic } from "~/board/topics.server";
import { createAppServer } from "../../server/app.js";
import { MAX_BODY_BYTES } from "../../server/security.js";
import { leanCoffee } from "../board/helpers";
import { client, sessionCookieFor } from "../helpers/server";
import { streamChunked, watchConnections } from "./raw-http";

const app = await createAppServer({ port: 0, buildDir: process.env.BUILD_DIR ?? "build" });
afterAll(() => app.close());
const connections = watchConnections(app.server);
const MB = 1024 * 1024;
/** What the server may read past the limit before it closes the connection: the limit again (it drains, without keeping, so the client can read the 413), plus one socket read. */
const MOST_READ = 2 * MAX_BODY_BYTES + 128 * 1024;

const userByEmail = (email: string) => getDb().select().from(users).where(eq(users.email, email)).get();

describe("a chunked body (no Content-Length) on a page route", () => {
  it("is read whole up to the limit: exactly 2 MB reaches the login form, which answers its own 400", async () => {
    const outcome = await streamChunked(app.url, "/login", { total: MAX_BODY_BYTES, prefix: "email=not-an-address&password=x&filler=" });
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain("Log in");
    expect(outcome.body).toMatch(/e-mail/i);
    expect(connections.bytesRead(outcome.localPort)).toBeGreaterThan(MAX_BODY_BYTES);
  });

  it("is refused one byte over the limit with 413, and the sign-up it carries writes nothing", async () => {
    const email = `chunky-${Date.now()}@test.example`;
    const prefix = `name=Chunky&email=${encodeURIComponent(email)}&password=a+long+enough+password+here&jobRole=Engineer&filler=`;
    const outcome = await streamChunked(app.url, "/signup", { total: MAX_BODY_BYTES + 1, prefix });
    expect(outcome.status).toBe(413);
    expect(outcome.headers["content-type"]).toMatch(/^text\/plain/);
    expect(outcome.body).toBe("Request too large: at most 2 MB.");
    expect(userByEmail(email)).toBeUndefined();
  });

  it("stops reading a 24 MB stream to /login soon after the limit, answers 413, and keeps serving", async () => {
    const outcome = await streamChunked(app.url, "/login", { total: 24 * MB, prefix: "email=a%40b.example&password=x&filler=" });
    expect(outcome.status).toBe(413);
    expect(outcome.body).toBe("Request too large: at most 2 MB.");
    expect(outcome.headers.connection).toBe("close");
    const read = connections.bytesRead(outcome.localPort);
    expect(read).toBeGreaterThan(MAX_BODY_BYTES);
    expect(read).toBeLessThan(MOST_READ);
    expect(outcome.sent).toBeLessThan(24 * MB);
    const health = await client(app.url).get("/healthz");
    expect(await health.json()).toEqual({ status: "ok", database: "ok" });
  });

  it.each([
    ["a URL nothing serves", "POST", "/no/such/page", 404],
    ["a static file", "GET", "/favicon.svg", 200],
    ["a built asset", "POST", "/build/no-such-file.js", 404],
    ["a page that has no action", "POST", "/privacy", 405],
    ["a GET with a body", "GET", "/healthz", 200],
  ])("applies to %s too: the body is not read on after the limit", async (_name, method, path, ownStatus) => {
    // These answer without reading the body, maybe before the limit is reached; on a
    // kept-alive connection the server would then read (and drop) all the rest.
    const outcome = await streamChunked(app.url, path, { total: 24 * MB, method, headers: { Connection: "keep-alive" } });
    expect(connections.bytesRead(outcome.localPort)).toBeLessThan(MOST_READ);
    expect([ownStatus, 413]).toContain(outcome.status);
  });
});

describe("bodies under the limit", () => {
  it("keep the connection alive: a chunked body a route answers without reading, then a form, on one connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body: string) =>
      new Promise<{ status: number; text: string; port: number }>((resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port: app.port,
            path,
            method: "POST",
            agent,
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, "Transfer-Encoding": "chunked" },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (text += chunk));
            res.on("end", () => resolve({ status: res.statusCode!, text, port: req.socket!.localPort! }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    const opened = connections.opened();
    const unread = await send("/no/such/page", `filler=${"a".repeat(100_000)}`);
    expect(unread.status).toBe(404);
    const form = await send("/login", "email=not-an-address&password=x");
    expect(form.status).toBe(400);
    expect(form.text).toContain("Log in");
    expect(form.port).toBe(unread.port);
    expect(connections.opened() - opened).toBe(1);
    agent.destroy();
  });
});

describe("a declared Content-Length over the limit", () => {
  it("is refused with 413 before the body is read, and the connection closes after a bounded drain", async () => {
    const outcome = await streamChunked(app.url, "/login", {
      total: 24 * MB,
      prefix: "email=a%40b.example&password=x&filler=",
      headers: { "Content-Length": String(24 * MB) },
    });
    expect(outcome.status).toBe(413);
    expect(connections.bytesRead(outcome.localPort)).toBeLessThan(MOST_READ);
  });
});

describe("the dot endpoint (its own 4 kB limit)", () => {
  async function votingBoard() {
    const world = await leanCoffee();
    const topic = proposeTopic(world.board.id, { id: world.alice.id }, { title: "Chunked votes" });
    setPhase(world.board.id, "vote", { id: world.organiser.id });
    const cookie = await sessionCookieFor(world.alice.id);
    const dots = () => getDb().select().from(votes).where(eq(votes.boardId, world.board.id)).all();
    return { url: `/events/${world.event.slug}/boards/${world.board.id}/dots`, topic, cookie, dots };
  }

  it("counts a chunked body exactly: 4,096 bytes are a vote, 4,097 are 413 and no vote", async () => {
    const { url, topic, cookie, dots } = await votingBoard();
    const prefix = `intent=vote&topicId=${topic.id}&ref=`;
    const atLimit = await streamChunked(app.url, url, { total: 4096, prefix, headers: { Cookie: cookie } });
    expect(atLimit.status).toBe(200);
    expect(JSON.parse(atLimit.body)).toMatchObject({ ok: true, votes: 1 });
    expect(dots()).toHaveLength(1);

    const over = await streamChunked(app.url, url, { total: 4097, prefix, headers: { Cookie: cookie } });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toEqual({ ok: false, error: "The form is too large." });
    expect(dots()).toHaveLength(1);
  });

  it("does not read on through a 24 MB chunked stream after refusing it", async () => {
    const { url, topic, cookie, dots } = await votingBoard();
    const outcome = await streamChunked(app.url, url, {
      total: 24 * MB,
      prefix: `intent=vote&topicId=${topic.id}&ref=`,
      headers: { Cookie: cookie },
    });
    expect(outcome.status).toBe(413);
    expect(connections.bytesRead(outcome.localPort)).toBeLessThan(MOST_READ);
    expect(dots()).toHaveLength(0);
  });
});
