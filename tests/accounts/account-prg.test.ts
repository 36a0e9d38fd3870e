// Post/redirect/get on the account page (profile, ending another session) and the outbox's
// retry: a successful plain form post (no JavaScript) answers 303 back to its page, which shows
// the outcome once; a refused post stays a 4xx with its field message and writes nothing; a
// post from the page with JavaScript (`_js=1`) still gets the Conform reply or message as data.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { authSessions, outbox, users } from "#db/schema";
import { queueEmail } from "~/outbox/outbox.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const locationOf = (res: Response) => res.headers.get("Location")?.replace(server.url, "");
const userRow = (id: number) => getDb().select().from(users).where(eq(users.id, id)).get()!;
const sessionsOf = (userId: number) => getDb().select({ n: count() }).from(authSessions).where(eq(authSessions.userId, userId)).get()!.n;

describe("account page without JavaScript", () => {
  it("saving the profile answers 303 to /account; the next GET shows “Profile saved.” once and the new name", async () => {
    const me = await makeUser({ name: "Old Name" });
    const browser = await signedIn(me.id);
    const res = await browser.post("/account", { intent: "profile", name: "Fresh Name", organisation: "", jobRole: "Tester" });
    expect(res.status).toBe(303);
    expect(locationOf(res)).toBe("/account");
    expect(userRow(me.id)).toMatchObject({ name: "Fresh Name", jobRole: "Tester" });
    const page = await browser.get("/account");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Profile saved.");
    expect(html).toContain('value="Fresh Name"');
    expect(await (await browser.get("/account")).text()).not.toContain("Profile saved.");
  });

  it("a blank name stays a 400 with the field message and writes nothing", async () => {
    const me = await makeUser({ name: "Kept Name" });
    const browser = await signedIn(me.id);
    const res = await browser.post("/account", { intent: "profile", name: "", jobRole: "Changed" });
    expect(res.status).toBe(400);
    expect(res.headers.get("Location")).toBeNull();
    expect(await res.text()).toMatch(/id="profile-name-error"|aria-invalid="true"/);
    expect(userRow(me.id)).toMatchObject({ name: "Kept Name" });
    expect(userRow(me.id).jobRole).not.toBe("Changed");
  });

  it("ending another session answers 303 to /account with the message once; someone else's session is a 404", async () => {
    const me = await makeUser();
    const here = await signedIn(me.id);
    const mine = getDb().select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, me.id)).get()!.id;
    await signedIn(me.id); // the phone
    const other = getDb()
      .select({ id: authSessions.id })
      .from(authSessions)
      .where(eq(authSessions.userId, me.id))
      .all()
      .find((s) => s.id !== mine)!.id;
    const res = await here.post("/account", { intent: "end-session", sessionId: other });
    expect(res.status).toBe(303);
    expect(locationOf(res)).toBe("/account");
    expect(sessionsOf(me.id)).toBe(1);
    const after = await here.get("/account");
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Session ended: that browser is logged out.");
    expect(await (await here.get("/account")).text()).not.toContain("Session ended: that browser is logged out.");

    const victim = await makeUser();
    await signedIn(victim.id);
    const theirs = getDb().select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, victim.id)).get()!;
    const refused = await here.post("/account", { intent: "end-session", sessionId: theirs.id });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("Location")).toBeNull();
    expect(sessionsOf(victim.id)).toBe(1);
  });

  it("with JavaScript (`_js=1`) the profile form still gets the Conform reply as data", async () => {
    const me = await makeUser();
    const browser = await signedIn(me.id);
    const res = await browser.post(`/account?_data=${encodeURIComponent("routes/account")}`, {
      intent: "profile",
      name: "Js Name",
      _js: "1",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ intent: "profile", result: { status: "success" } });
    expect(userRow(me.id).name).toBe("Js Name");
  });
});

describe("outbox retry without JavaScript", () => {
  const statusOf = (id: number) => getDb().select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id)).get()!.status;

  async function failedMessage() {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    const id = queueEmail(getDb(), {
      kind: "test",
      toEmail: "down@test.example",
      subject: "Server down",
      textBody: "x",
      eventId: event.id,
    });
    getDb().update(outbox).set({ status: "failed", attempts: 5, lastError: "ECONNREFUSED" }).where(eq(outbox.id, id)).run();
    return { organiser, id, browser: await signedIn(organiser.id) };
  }

  it("retry answers 303 back to the outbox (filter kept); the next GET shows “Queued again.” once", async () => {
    const { id, browser } = await failedMessage();
    const res = await browser.post("/outbox?status=failed", { intent: "retry", messageId: String(id) });
    expect(res.status).toBe(303);
    expect(locationOf(res)).toBe("/outbox?status=failed");
    expect(statusOf(id)).toBe("queued");
    const page = await browser.get("/outbox?status=failed");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Queued again.");
    expect(await (await browser.get("/outbox")).text()).not.toContain("Queued again.");
  });

  it("a bad or foreign message id stays a 4xx in place; with JavaScript the reply is data", async () => {
    const { id, browser } = await failedMessage();
    const bad = await browser.post("/outbox", { intent: "retry", messageId: "abc" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Location")).toBeNull();
    expect(await bad.text()).toContain("Choose a message to retry.");
    const stranger = await failedMessage();
    const foreign = await stranger.browser.post("/outbox", { intent: "retry", messageId: String(id) });
    expect(foreign.status).toBe(404);
    expect(statusOf(id)).toBe("failed");

    const enhanced = await browser.post(`/outbox?_data=${encodeURIComponent("routes/outbox")}`, {
      intent: "retry",
      messageId: String(id),
      _js: "1",
    });
    expect(enhanced.status).toBe(200);
    // The one reply shape of small forms (ActionReply, ADR 024): which form and row it answers, too.
    expect(await enhanced.json()).toEqual({ ok: true, intent: "retry", targetId: id, message: "Queued again.", fieldErrors: {} });
    expect(statusOf(id)).toBe("queued");
  });
});
