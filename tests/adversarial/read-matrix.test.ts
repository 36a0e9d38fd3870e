// The read matrix: every route of read-routes.ts × every role of READ_ROLES, as a page
// and as a Remix data request (`?_data=`), on one world built through the real paths.
// For each response: the status the table expects for the role, no server error, and
// none of the markers of the secrets the role may not read (in refusals too). Readers of
// a secret must see it on the routes that `show` it. The live stream is read from its
// first frame (the replay), through the live frames of a dot taken back and cast again while
// connected, up to a sentinel frame published after them, so its negative check waits
// for nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { boardRevision, publishBoardChange } from "~/board/live-channel.server";
import { client, startTestServer } from "../helpers/server";
import { routeIdOf } from "./harness";
import { buildReadWorld, cookiesFor, type ReadWorld } from "./read-world";
import {
  expectedRead,
  forbiddenSecrets,
  KNOWN_LEAKS,
  readCaseName,
  READ_ROUTES,
  SECRETS,
  STATUS,
  type ReadExpect,
  type ReadRoute,
} from "./read-routes";
import { READ_ROLES, type ReadRole } from "./world";

let baseUrl: string;
let w: ReadWorld;
let cookies: Partial<Record<ReadRole, string>>;

beforeAll(async () => {
  baseUrl = (await startTestServer()).url;
  w = await buildReadWorld(baseUrl);
  cookies = await cookiesFor(w);
});

const stats = { requests: 0, cells: 0, refusals: 0, absences: 0, shown: new Set<string>(), knownLeaksSeen: new Set<string>() };

type Answer = { status: number; location: string | null; body: string };

async function readOnce(path: string, role: ReadRole, dataRoute?: string): Promise<Answer> {
  const url = dataRoute ? `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(dataRoute)}` : path;
  const response = await client(baseUrl, cookies[role]).get(url);
  const body = await response.text();
  const remixRedirect = response.headers.get("x-remix-redirect");
  stats.requests++;
  return { status: remixRedirect ? 302 : response.status, location: remixRedirect ?? response.headers.get("location"), body };
}

/** The stream from its first frame: replayed history, live frames of a dot taken back and cast again, then a sentinel frame we publish. */
async function readStream(path: string, role: ReadRole): Promise<Answer> {
  const epoch = boardRevision(w.board.id).split("-")[0];
  const controller = new AbortController();
  const response = await client(baseUrl, cookies[role]).get(`${path}?lastEventId=${epoch}-0`, { signal: controller.signal });
  stats.requests++;
  if (response.status !== 200 || !response.body)
    return { status: response.status, location: response.headers.get("location"), body: await response.text() };
  // Live frames too: a dot taken back and cast again while connected, then the sentinel.
  const voter = { id: w.people.confirmed.id, isAdmin: false };
  retractVote(w.board.id, w.topic.id, voter);
  castVote(w.board.id, w.topic.id, voter);
  const sentinel = `read-matrix-${role}-${Date.now()}`;
  publishBoardChange(w.board.id, sentinel);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let body = "";
  const deadline = Date.now() + 10_000;
  while (!body.includes(sentinel)) {
    if (Date.now() > deadline) throw new Error(`the stream never delivered the sentinel frame; got: ${body}`);
    const { value, done } = await reader.read();
    if (done) break;
    body += decoder.decode(value, { stream: true });
  }
  controller.abort();
  await reader.cancel().catch(() => {});
  expect(body, "the stream ended before the sentinel frame").toContain(sentinel);
  return { status: response.status, location: null, body };
}

function matchesRead(expected: ReadExpect, answer: Answer) {
  const toLogin = answer.status >= 300 && answer.status < 400 && (answer.location ?? "").startsWith("/login");
  if (expected === "ok") return answer.status >= 200 && answer.status < 400 && !toLogin;
  if (expected === "login") return toLogin;
  return answer.status === expected;
}

const found = (body: string, marker: string | RegExp) => (typeof marker === "string" ? body.includes(marker) : marker.test(body));

/** A cell listed in KNOWN_LEAKS (secret name, or STATUS for its status). */
function knownLeak(row: ReadRoute, role: ReadRole, secret: string | typeof STATUS) {
  return KNOWN_LEAKS.find((k) => k.route === readCaseName(row) && k.roles.includes(role) && k.secret === secret);
}

describe("read matrix: every read route × every role", () => {
  for (const row of READ_ROUTES) {
    it(readCaseName(row), async () => {
      const problems: string[] = [];
      for (const role of READ_ROLES) {
        const expected = row.expect?.[role] ?? expectedRead(row.access, role);
        const path = row.path(w);
        const answers: [string, Answer][] = row.stream
          ? [["stream", await readStream(path, role)]]
          : [["page", await readOnce(path, role)]];
        if (row.data) answers.push(["data", await readOnce(path, role, routeIdOf(row.file))]);
        stats.cells++;
        const noteLeak = (secret: string) => {
          const known = knownLeak(row, role, secret);
          if (known) stats.knownLeaksSeen.add(`${readCaseName(row)}|${role}|${secret}`);
          return Boolean(known);
        };
        for (const [kind, answer] of answers) {
          if (answer.status >= 500) problems.push(`${role} ${kind}: server error ${answer.status}`);
          if (!matchesRead(expected, answer)) {
            if (!noteLeak(STATUS)) {
              problems.push(`${role} ${kind}: expected ${expected}, got ${answer.status}${answer.location ? ` → ${answer.location}` : ""}`);
            }
          } else if (expected !== "ok") stats.refusals++;
          for (const secret of forbiddenSecrets(role)) {
            const leaked = secret.markers(w).filter((m) => found(answer.body, m));
            stats.absences++;
            if (leaked.length && !noteLeak(secret.name)) {
              problems.push(`${role} ${kind}: LEAKS ${secret.name} (${leaked.map(String).join(", ")})`);
            }
          }
        }
        // Readers see what the route shows them, in the page or its data.
        if (expected !== "ok") continue;
        const shows = typeof row.shows === "function" ? row.shows(role) : (row.shows ?? []);
        for (const name of shows) {
          const secret = SECRETS.find((s) => s.name === name);
          if (!secret) {
            if (typeof row.shows === "function") continue; // e.g. the answers of a role that has none
            throw new Error(`unknown secret ${name}`);
          }
          if (!secret.readers.includes(role)) continue;
          const seen = answers.some(([, answer]) => secret.markers(w).some((m) => found(answer.body, m)));
          if (seen) stats.shown.add(name);
          else if (!secret.mayBeAbsent) problems.push(`${role}: does not show ${name} to a reader`);
        }
      }
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }

  it("every known leak still happens (when one is fixed, take it off KNOWN_LEAKS)", () => {
    const stale = KNOWN_LEAKS.flatMap((k) =>
      k.roles
        .filter((role) => !stats.knownLeaksSeen.has(`${k.route}|${role}|${k.secret}`))
        .map((role) => `${k.route} · ${role} · ${k.secret} (${k.finding})`),
    );
    expect(stale, `fixed, so remove from KNOWN_LEAKS:\n${stale.join("\n")}`).toEqual([]);
  });

  it("covered every route × role, and every secret was seen by a reader somewhere", () => {
    expect(stats.cells).toBe(READ_ROUTES.length * READ_ROLES.length);
    const unseen = SECRETS.filter((s) => s.readers.length > 0 && !s.mayBeAbsent && !stats.shown.has(s.name)).map((s) => s.name);
    expect(unseen, `never shown to a reader: ${unseen.join(", ")}`).toEqual([]);
    const files = new Set(READ_ROUTES.map((r) => r.file));
    const knownCells = KNOWN_LEAKS.reduce((n, k) => n + k.roles.length, 0);
    console.info(
      `[adversarial] read matrix: ${files.size} route files, ${READ_ROUTES.length} routes × ${READ_ROLES.length} roles = ${stats.cells} cells, ` +
        `${stats.requests} requests (pages, ?_data=, streams), ${stats.refusals} refusals checked, ` +
        `${stats.absences} secret-absence checks (${SECRETS.length} secrets), ${knownCells} known-leak cells (${KNOWN_LEAKS.length} entries)`,
    );
  });
});
