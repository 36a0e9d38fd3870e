// Running one row of the route table as one role: a fresh world, a session for the role,
// the row's preparation, a database fingerprint before and after the request.
import { joinKeyOf } from "~/guests/join-key.server";
import { joinPath } from "~/guests/join-link";
import { desc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { guests } from "#db/schema";
import { client, sessionCookieFor } from "../helpers/server";
import type { Expect, Fields, RouteCase } from "./routes";
import { describeChange, snapshot, wroteBetween, type Snapshot } from "./snapshot";
import { buildWorld, type Role, type World } from "./world";

export type Outcome = {
  status: number;
  location: string | null;
  before: Snapshot;
  after: Snapshot;
  written: boolean;
  /** Sent twice because the first try met a connection the server had closed (see postAndCompare). */
  retried: boolean;
};

/** The role's person and cookie. A guest joins event A through its join page, so it needs the server (`baseUrl`). */
export async function actorFor(world: World, role: Role, baseUrl?: string) {
  if (role === "anonymous") return { actor: null, cookie: undefined };
  if (role === "guest") return guestOfEventA(world, baseUrl);
  const actor = world.people[role];
  return { actor, cookie: await sessionCookieFor(actor.id) };
}

async function guestOfEventA(world: World, baseUrl: string | undefined) {
  if (!baseUrl) throw new Error("a guest joins through the server: pass baseUrl");
  const name = `Gail Guest ${world.eventA.id}`;
  const browser = client(baseUrl);
  const joined = await browser.post(joinPath(world.eventA.slug, joinKeyOf(world.eventA)), { name });
  if (joined.status !== 302 || !browser.cookie.includes("kx_guest=")) throw new Error(`the guest could not join: ${joined.status}`);
  const row = getDb()
    .select({ userId: guests.userId })
    .from(guests)
    .where(eq(guests.eventId, world.eventA.id))
    .orderBy(desc(guests.id))
    .get()!;
  return { actor: { id: row.userId, email: "", name }, cookie: browser.cookie };
}

/** The Remix route id of a file under app/routes/ ("routes/events.$slug.board"; a folder's route.tsx is the folder). */
export const routeIdOf = (file: string) => `routes/${file.replace(/\/route\.tsx?$/, "").replace(/\.tsx?$/, "")}`;

/**
 * Posts a form body (urlencoded; array values repeat the key) and fingerprints the
 * database around it. With `dataRoute`, the post is a Remix data request (what a
 * JavaScript form submission sends): the same action, without rendering the page; its
 * redirects come back as 204 + X-Remix-Redirect and are reported as 302 + location.
 */
export async function postAndCompare(
  baseUrl: string,
  path: string,
  fields: Fields,
  cookie: string | undefined,
  options: { init?: RequestInit; dataRoute?: string } = {},
) {
  const url = options.dataRoute ? `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(options.dataRoute)}` : path;
  const before = snapshot();
  let response: Response | null = null;
  let retried = false;
  for (let attempt = 0; attempt < 2 && !response; attempt++) {
    try {
      response = await client(baseUrl, cookie).post(url, fields, options.init);
      await response.arrayBuffer();
    } catch (error) {
      // A server that answers without reading a large body closes that connection while
      // the client is still sending: reported as status 0, never hidden. The pooled
      // keep-alive socket of the *next* request may be the closed one: when that request
      // wrote nothing, it is sent once more (counted as a retry).
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== "ECONNRESET" && code !== "EPIPE" && code !== "UND_ERR_SOCKET") throw error;
      response = null;
      if (attempt > 0 || wroteBetween(before, snapshot())) break;
      retried = true;
    }
  }
  const after = snapshot();
  const remixRedirect = response?.headers.get("x-remix-redirect");
  return {
    status: response ? (remixRedirect ? 302 : response.status) : 0,
    location: remixRedirect ?? response?.headers.get("location") ?? null,
    before,
    after,
    written: wroteBetween(before, after),
    retried,
  } satisfies Outcome;
}

export async function runCase(baseUrl: string, row: RouteCase, role: Role, options: { document?: boolean } = {}) {
  const w = await buildWorld(row.setup);
  const { actor, cookie } = await actorFor(w, role, baseUrl);
  const extra = row.prepare?.(w, actor, role) ?? {};
  const fields = { ...row.fields(w, actor), ...extra };
  const outcome = await postAndCompare(baseUrl, row.path(w), fields, cookie, {
    dataRoute: options.document ? undefined : routeIdOf(row.file),
  });
  return { world: w, fields, outcome };
}

export function matches(expected: Expect, outcome: Pick<Outcome, "status" | "location">) {
  const { status, location } = outcome;
  // requireUser's redirect comes back here afterwards; a plain /login is a success (log out everywhere).
  const toLogin = (status === 302 || status === 303) && (location ?? "").startsWith("/login?redirectTo=");
  if (expected === "ok") return (status >= 200 && status < 300) || (status >= 300 && status < 400 && !toLogin);
  if (expected === "login") return toLogin;
  return status === expected;
}

export function describeOutcome(outcome: Outcome) {
  const where = outcome.location ? ` → ${outcome.location}` : "";
  const wrote = outcome.written ? ` (wrote: ${describeChange(outcome.before, outcome.after)})` : "";
  return `${outcome.status}${where}${wrote}`;
}
