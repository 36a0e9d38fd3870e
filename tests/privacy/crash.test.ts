// Durability: the real server runs as a child process (`node server/index.js`), takes a
// burst of sign-ups, registrations and votes, and is killed with SIGKILL in the middle
// of it. After a restart on the same file, PRAGMA integrity_check must say "ok" and
// every write that got a success response must be there.
import Database from "better-sqlite3";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, registrations, topics, users, votes } from "#db/schema";
import { makeEvent, makeUser } from "../helpers/factories";
import { sessionCookieFor } from "../helpers/server";
import { startServerProcess } from "../helpers/server-process";
import { register } from "./fixtures";

const DATABASE_PATH = process.env.DATABASE_PATH!;
const startServer = () => startServerProcess();

async function post(url: string, pathname: string, fields: Record<string, string>, cookie?: string) {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: url };
  if (cookie) headers.Cookie = cookie;
  return fetch(url + pathname, { method: "POST", body: new URLSearchParams(fields), headers, redirect: "manual" });
}

describe("SIGKILL in the middle of a burst of writes", () => {
  it("loses no acknowledged write and leaves an intact database", async () => {
    // Fixture: an open event with a board in the vote phase, attendees who can vote,
    // and signed-in people who have not registered yet.
    const event = makeEvent({ capacity: 100_000, format: "lean_coffee" });
    const db = getDb();
    const board = db
      .insert(boards)
      .values({ eventId: event.id, title: "Crash board", phase: "vote", votesPerPerson: 20 })
      .returning()
      .get();
    const topicIds = [1, 2, 3].map(
      (i) =>
        db
          .insert(topics)
          .values({ boardId: board.id, title: `Topic ${i}` })
          .returning()
          .get().id,
    );
    const voters: { id: number; cookie: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const user = await makeUser();
      register(event.id, user.id, "confirmed");
      voters.push({ id: user.id, cookie: await sessionCookieFor(user.id) });
    }
    const members: { id: number; cookie: string }[] = [];
    for (let i = 0; i < 150; i++) {
      const user = await makeUser();
      members.push({ id: user.id, cookie: await sessionCookieFor(user.id) });
    }

    const { child, url } = await startServer();
    const acked = {
      signups: [] as string[],
      visitorRegistrations: [] as string[],
      memberRegistrations: [] as number[],
      votes: new Map<number, number>(),
    };
    const tried = { total: 0, failed: 0 };
    let ackedCount = 0;
    let killed = false;
    const KILL_AFTER = 240;
    let n = 0;

    async function oneWrite(): Promise<void> {
      const i = n++;
      const kind = i % 4;
      tried.total++;
      try {
        if (kind === 0) {
          const email = `crash-signup-${i}@test.example`;
          const r = await post(url, "/signup", { name: `Crash ${i}`, email, password: "crash test passphrase" });
          if (r.status === 302) acked.signups.push(email);
        } else if (kind === 1) {
          const email = `crash-visitor-${i}@test.example`;
          const r = await post(url, `/events/${event.slug}/register`, {
            intent: "register",
            name: `Visitor ${i}`,
            email,
            password: "crash test passphrase",
            dietary: "None",
            consent: "on",
          });
          if (r.status === 302) acked.visitorRegistrations.push(email);
        } else if (kind === 2) {
          const member = members.shift();
          if (!member) return;
          const r = await post(url, `/events/${event.slug}/register`, { intent: "register", consent: "on" }, member.cookie);
          if (r.status === 302) acked.memberRegistrations.push(member.id);
        } else {
          const voter = voters[i % voters.length];
          const r = await post(url, `/events/${event.slug}/board`, { intent: "vote", topicId: String(topicIds[i % 3]) }, voter.cookie);
          if (r.status === 302) acked.votes.set(voter.id, (acked.votes.get(voter.id) ?? 0) + 1);
          else if (r.status !== 409) throw new Error(`vote answered ${r.status}`);
          else return;
        }
        ackedCount++;
      } catch (error) {
        if (!killed) throw error;
        tried.failed++; // in flight when the server died: no success response, no promise
      }
      if (ackedCount >= KILL_AFTER && !killed) {
        killed = true;
        child.kill("SIGKILL");
      }
    }

    // 12 concurrent clients, each firing writes back to back until the server is gone.
    const exited = new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (!killed) await oneWrite();
      }),
    );
    expect(await exited).toBe("SIGKILL");

    // Integrity straight after the crash, before anything recovers it.
    const raw = new Database(DATABASE_PATH);
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();

    // Restart on the same file: it must come up and serve.
    const again = await startServer();
    const health = await fetch(`${again.url}/healthz`);
    expect(health.status).toBe(200);
    const check = new Database(DATABASE_PATH, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();

    // Every acknowledged write is there.
    const emailExists = (email: string) => Boolean(db.select({ id: users.id }).from(users).where(eq(users.email, email)).get());
    const registrationOf = (userId: number) =>
      db
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, userId)))
        .get();
    const missing: string[] = [];
    for (const email of acked.signups) if (!emailExists(email)) missing.push(`signup ${email}`);
    for (const email of acked.visitorRegistrations) {
      const user = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
      if (!user || !registrationOf(user.id)) missing.push(`visitor registration ${email}`);
    }
    for (const userId of acked.memberRegistrations) if (!registrationOf(userId)) missing.push(`member registration ${userId}`);
    let votesAcked = 0;
    let votesStored = 0;
    for (const [voterId, acknowledged] of acked.votes) {
      const stored = db
        .select({ n: count() })
        .from(votes)
        .where(and(eq(votes.boardId, board.id), eq(votes.userId, voterId)))
        .get()!.n;
      votesAcked += acknowledged;
      votesStored += stored;
      if (stored < acknowledged) missing.push(`votes of ${voterId}: ${stored} < ${acknowledged}`);
    }
    const checked = acked.signups.length + acked.visitorRegistrations.length + acked.memberRegistrations.length + votesAcked;
    console.log(
      `crash test: ${tried.total} writes sent, ${checked} acknowledged before SIGKILL ` +
        `(${acked.signups.length} sign-ups, ${acked.visitorRegistrations.length} visitor registrations, ` +
        `${acked.memberRegistrations.length} member registrations, ${votesAcked} votes); ${tried.failed} cut off in flight; ` +
        `${votesStored - votesAcked} votes committed without a response; missing after restart: ${missing.length}; integrity_check ok`,
    );
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.signups.length).toBeGreaterThan(0);
    expect(acked.visitorRegistrations.length).toBeGreaterThan(0);
    expect(acked.memberRegistrations.length).toBeGreaterThan(0);
    expect(votesAcked).toBeGreaterThan(0);
    again.child.kill("SIGTERM");
  });
});
