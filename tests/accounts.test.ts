import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { authSessions, users } from "#db/schema";
import { makeOrganisation, makeUser, TEST_PASSWORD } from "./helpers/factories";
import { client, sessionCookieFor, startTestServer } from "./helpers/server";

const server = await startTestServer();
const userCount = () => getDb().select({ n: count() }).from(users).get()!.n;

describe("sign up", () => {
  it("creates the account, derives the organisation from the e-mail domain and signs in", async () => {
    const org = makeOrganisation("Derived Co", "derived.example");
    const browser = client(server.url);
    const response = await browser.post("/signup", {
      name: "Dana Derived",
      email: "Dana@Derived.example",
      password: "a long enough password",
      organisation: "Something typed",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("set-cookie")).toMatch(/kx_session=.+HttpOnly/i);
    expect(response.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);
    const user = getDb().select().from(users).where(eq(users.email, "dana@derived.example")).get();
    expect(user?.organisationId).toBe(org.id);
    const home = await browser.get("/");
    expect(await home.text()).toContain("Dana Derived");
  });

  it("uses the typed organisation when no domain matches", async () => {
    const response = await client(server.url).post("/signup", {
      name: "Gus Guest",
      email: "gus@elsewhere.example",
      password: "a long enough password",
      organisation: "Elsewhere GmbH",
    });
    expect(response.status).toBe(302);
    const page = await client(server.url, response.headers.get("set-cookie")!.split(";")[0]).get("/account");
    expect(await page.text()).toContain("Elsewhere GmbH");
  });

  it.each([
    [{ name: "", email: "a@b.example", password: "long enough pw" }, "name", "Enter your name."],
    [{ name: "X", email: "not-an-email", password: "long enough pw" }, "email", "valid e-mail"],
    [{ name: "X", email: "a@b.example", password: "short" }, "password", "At least 10 characters."],
    [{ name: "x".repeat(10_000), email: "a@b.example", password: "long enough pw" }, "name", "At most 100"],
  ])("refuses bad input %# with a field message and writes nothing", async (fields, _field, message) => {
    const before = userCount();
    const response = await client(server.url).post("/signup", fields);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(userCount()).toBe(before);
  });

  it("refuses a duplicate e-mail with a field message", async () => {
    const existing = await makeUser({ email: "taken@test.example" });
    const before = userCount();
    const response = await client(server.url).post("/signup", {
      name: "Copy",
      email: existing.email!.toUpperCase(),
      password: "a long enough password",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("already exists");
    expect(userCount()).toBe(before);
  });
});

describe("log in and out", () => {
  it("logs in with the right password, with a new session id each time", async () => {
    const user = await makeUser();
    const first = await client(server.url).post("/login", { email: user.email!, password: TEST_PASSWORD });
    const second = await client(server.url).post("/login", { email: user.email!, password: TEST_PASSWORD });
    expect(first.status).toBe(302);
    expect(first.headers.get("set-cookie")).not.toBe(second.headers.get("set-cookie"));
    const sessions = getDb().select().from(authSessions).where(eq(authSessions.userId, user.id)).all();
    expect(sessions).toHaveLength(2);
    // The cookie never holds the user id or the stored session id.
    for (const s of sessions) expect(first.headers.get("set-cookie")).not.toContain(s.id);
  });

  it("refuses a wrong password with 400 and a message", async () => {
    const user = await makeUser();
    const response = await client(server.url).post("/login", { email: user.email!, password: "wrong password!" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("E-mail or password is wrong.");
  });

  it("only redirects to relative paths after login", async () => {
    const user = await makeUser();
    const evil = await client(server.url).post("/login", {
      email: user.email!,
      password: TEST_PASSWORD,
      redirectTo: "//evil.example/phish",
    });
    expect(evil.headers.get("location")).toBe("/");
    const good = await client(server.url).post("/login", { email: user.email!, password: TEST_PASSWORD, redirectTo: "/notes" });
    expect(good.headers.get("location")).toBe("/notes");
  });

  it("logs out, and 'log out everywhere' ends every session", async () => {
    const user = await makeUser();
    const a = client(server.url, await sessionCookieFor(user.id));
    const b = client(server.url, await sessionCookieFor(user.id));
    expect((await a.get("/account")).status).toBe(200);
    await a.post("/account", { intent: "logout-everywhere" });
    expect((await b.get("/account")).status).toBe(302);
    expect((await a.get("/account")).status).toBe(302);
  });

  it("expires idle sessions on the server", async () => {
    const user = await makeUser();
    const browser = client(server.url, await sessionCookieFor(user.id));
    getDb()
      .update(authSessions)
      .set({ lastSeenAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) })
      .where(eq(authSessions.userId, user.id))
      .run();
    expect((await browser.get("/account")).status).toBe(302);
  });
});

describe("profile", () => {
  it("edits name and job role, refusing a blank name", async () => {
    const user = await makeUser();
    const browser = client(server.url, await sessionCookieFor(user.id));
    const bad = await browser.post("/account", { intent: "profile", name: "" });
    expect(bad.status).toBe(400);
    const ok = await browser.post("/account", { intent: "profile", name: "New Name", jobRole: "CTO" });
    expect(ok.status).toBe(303); // post/redirect/get back to /account
    expect(getDb().select().from(users).where(eq(users.id, user.id)).get()).toMatchObject({ name: "New Name", jobRole: "CTO" });
  });
});
