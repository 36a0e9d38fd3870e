// The honeypot on public forms: invisible to people and screen readers, filled by
// naive bots; a filled honeypot is a 400 and nothing is written.
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { authSessions, registrations, users } from "#db/schema";
import { HONEYPOT_FIELD } from "~/utils/honeypot";
import { makeEvent, makeUser, TEST_PASSWORD } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";

const server = await startTestServer();
const counts = () => ({
  users: getDb().select({ n: count() }).from(users).get()!.n,
  sessions: getDb().select({ n: count() }).from(authSessions).get()!.n,
  registrations: getDb().select({ n: count() }).from(registrations).get()!.n,
});
const event = makeEvent();

describe.each(["/signup", "/login", `/events/${event.slug}/register`])("%s", (path) => {
  it("renders the honeypot as an off-screen text input inside an aria-hidden wrapper", async () => {
    const html = await (await client(server.url).get(path)).text();
    const input = html.match(new RegExp(`<input[^>]*name="${HONEYPOT_FIELD}"[^>]*>`))?.[0];
    expect(input).toBeTruthy();
    expect(input).toContain('type="text"');
    expect(input).toContain('tabindex="-1"');
    expect(input).toMatch(/autocomplete="off"/i);
    expect(html).toMatch(new RegExp(`<div aria-hidden="true"[^>]*-left-\\[10000px\\][^>]*><label for="${HONEYPOT_FIELD}-field"`));
  });
});

describe("a filled honeypot", () => {
  it("makes sign-up a 400 and writes nothing", async () => {
    const before = counts();
    const response = await client(server.url).post("/signup", {
      name: "Bot",
      email: "bot@test.example",
      password: "a long enough password",
      [HONEYPOT_FIELD]: "http://spam.example",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(counts()).toEqual(before);
  });

  it("makes log-in a 400 and starts no session, even with the right password", async () => {
    const user = await makeUser();
    const before = counts();
    const response = await client(server.url).post("/login", {
      email: user.email!,
      password: TEST_PASSWORD,
      [HONEYPOT_FIELD]: "x",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(counts()).toEqual(before);
  });

  it("makes a registration (with account creation) a 400 and writes nothing", async () => {
    const before = counts();
    const response = await client(server.url).post(`/events/${event.slug}/register`, {
      intent: "register",
      name: "Bot",
      email: "regbot@test.example",
      password: "a long enough password",
      consent: "on",
      [HONEYPOT_FIELD]: "buy now",
    });
    expect(response.status).toBe(400);
    expect(counts()).toEqual(before);
  });

  it("an empty honeypot is fine", async () => {
    const response = await client(server.url).post("/signup", {
      name: "Person",
      email: "person@test.example",
      password: "a long enough password",
      [HONEYPOT_FIELD]: "",
    });
    expect(response.status).toBe(302);
  });
});
