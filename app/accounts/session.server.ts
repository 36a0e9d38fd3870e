// Database-backed login sessions. The cookie carries only a random token; the table
// keeps its SHA-256, the user, last-seen and an absolute expiry, so a session can be
// revoked at once and a stolen database holds no usable cookie values.
import crypto from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, lt, ne, or, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client";
import { authSessions, organisations, users } from "#db/schema";
import { hasAdminRights } from "~/accounts/admin-rights.server";
import { memberOrganisationIdOf } from "~/accounts/membership.server";
import { getEnv } from "~/utils/env.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { boundedCache } from "~/utils/cache.server";

export const IDLE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
export const ABSOLUTE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * last_seen_at is written at most this often, so reads do not turn into writes: the idle
 * timeout (7 days) holds to within an hour, and the caches that any write empties
 * (`databaseVersion`) are not emptied by a thousand people merely browsing.
 */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

let sessionCookie: ReturnType<typeof createCookie> | undefined;
function cookie() {
  const env = getEnv();
  sessionCookie ??= createCookie("kx_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.BASE_URL?.startsWith("https:") ?? false,
    secrets: [env.SESSION_SECRET],
    maxAge: ABSOLUTE_LIFETIME_MS / 1000,
  });
  return sessionCookie;
}

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  /** The organisation the person named on their profile: a label that grants nothing. */
  organisationId: number | null;
  organisationName: string | null;
  /**
   * Proven company membership: the organisation owning the domain of the person's
   * *verified* address (app/accounts/membership.server.ts). Rights go by this, never by
   * `organisationId`.
   */
  memberOrganisationId: number | null;
  emailVerified: boolean;
  jobRole: string | null;
  isAdmin: boolean;
  /** Granted by an admin in the database (see canCreateEvents). */
  mayCreateEvents: boolean;
  sessionId: string;
};

/** Starts a new session (a fresh id at every login) and returns its Set-Cookie header. */
export async function createLoginSession(userId: number, request: Request) {
  const token = crypto.randomBytes(32).toString("base64url");
  const now = Date.now();
  getDb()
    .insert(authSessions)
    .values({
      id: hashToken(token),
      userId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + ABSOLUTE_LIFETIME_MS),
      userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
    })
    .run();
  return cookie().serialize(token);
}

/**
 * Cookie header → the session id (hash) of its verified token, or null. Checking the
 * signature is an async HMAC that costs more than the session query, and its answer for a
 * given header never changes, so recent answers are remembered (bounded, oldest dropped
 * first), with the hash. Revocation and expiry are unaffected: the session row is still
 * looked up on every request; only the signature check and the hash are remembered.
 */
const verifiedCookies = boundedCache<string, { sessionId: string | null }>(10_000);

async function sessionIdOf(header: string | null): Promise<string | null> {
  if (!header) return null;
  const known = verifiedCookies.get(header);
  if (known) return known.sessionId;
  const value = await cookie().parse(header);
  const sessionId = typeof value === "string" && value.length > 20 ? hashToken(value) : null;
  verifiedCookies.set(header, { sessionId });
  return sessionId;
}

// Asked by every signed-in request (and every dot vote): built once per connection.
const sessionLookup = (db: Db) =>
  prepared(db, "session.lookup", () =>
    db
      .select({
        sessionId: authSessions.id,
        lastSeenAt: authSessions.lastSeenAt,
        expiresAt: authSessions.expiresAt,
        id: users.id,
        email: users.email,
        name: users.name,
        organisationId: users.organisationId,
        organisationName: organisations.name,
        jobRole: users.jobRole,
        emailVerifiedAt: users.emailVerifiedAt,
        isAdmin: users.isAdmin,
        mayCreateEvents: users.mayCreateEvents,
        memberOrganisationId: memberOrganisationIdOf(users),
      })
      .from(authSessions)
      .innerJoin(users, eq(users.id, authSessions.userId))
      .leftJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(authSessions.id, sql.placeholder("id")))
      .prepare(),
  );

const userCache = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user, or null. Cached per request. */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let pending = userCache.get(request);
  if (!pending) {
    pending = getSessionUserByCookie(request.headers.get("cookie"));
    userCache.set(request, pending);
  }
  return pending;
}

/** The signed-in user for a raw Cookie header (for handlers that run outside Remix). */
export async function getSessionUserByCookie(cookieHeader: string | null): Promise<SessionUser | null> {
  // A remembered header answers without waiting for a promise.
  const id = (cookieHeader && verifiedCookies.get(cookieHeader)?.sessionId) || (await sessionIdOf(cookieHeader));
  if (!id) return null;
  const db = getDb();
  const row = sessionLookup(db).get({ id });
  if (!row || !row.email || !row.name) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now) {
    db.delete(authSessions).where(eq(authSessions.id, id)).run();
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    db.update(authSessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(authSessions.id, id))
      .run();
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    memberOrganisationId: row.memberOrganisationId,
    emailVerified: row.emailVerifiedAt != null,
    jobRole: row.jobRole,
    isAdmin: hasAdminRights({ email: row.email, emailVerified: row.emailVerifiedAt != null, isAdminGranted: row.isAdmin }),
    mayCreateEvents: row.mayCreateEvents,
    sessionId: row.sessionId,
  };
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/** The signed-in user; otherwise throws a redirect to /login that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) loginRedirect(request);
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.isAdmin) throw new Response("Only administrators may do that.", { status: 403 });
  return user;
}

/** Ends this session and returns the Set-Cookie header that clears the cookie. */
export async function destroyLoginSession(request: Request) {
  const id = await sessionIdOf(request.headers.get("cookie"));
  if (id) getDb().delete(authSessions).where(eq(authSessions.id, id)).run();
  return cookie().serialize("", { maxAge: 0 });
}

/** Ends every session of the user (log out everywhere, password change, deletion). */
export function endAllSessions(userId: number, exceptSessionId?: string) {
  getDb()
    .delete(authSessions)
    .where(exceptSessionId ? and(eq(authSessions.userId, userId), ne(authSessions.id, exceptSessionId)) : eq(authSessions.userId, userId))
    .run();
}

export function listSessions(userId: number) {
  return getDb()
    .select({
      id: authSessions.id,
      createdAt: authSessions.createdAt,
      lastSeenAt: authSessions.lastSeenAt,
      userAgent: authSessions.userAgent,
    })
    .from(authSessions)
    .where(eq(authSessions.userId, userId))
    .orderBy(authSessions.lastSeenAt)
    .all();
}

export function endSession(userId: number, sessionId: string) {
  getDb()
    .delete(authSessions)
    .where(and(eq(authSessions.userId, userId), eq(authSessions.id, sessionId)))
    .run();
}

export function purgeExpiredSessions(now = Date.now()) {
  getDb()
    .delete(authSessions)
    .where(or(lt(authSessions.expiresAt, new Date(now)), lt(authSessions.lastSeenAt, new Date(now - IDLE_TIMEOUT_MS))))
    .run();
}

export async function redirectWithSession(userId: number, request: Request, to: string | null) {
  // The reply first: a session is made only when there is a reply to carry its cookie.
  const response = redirect(safeRedirect(to));
  response.headers.append("Set-Cookie", await createLoginSession(userId, request));
  return response;
}
