// A fresh install (SEED_DEMO=0, no SMTP_URL) set up through the pages alone: the first admin
// signs up with an ADMIN_EMAILS address. Their verification e-mail waits in the outbox,
// which only an admin may read, so the link is also written to the server log for the
// operator who set ADMIN_EMAILS. Nobody else's link is.
import { describe, expect, it } from "vitest";
import { client } from "../helpers/server";
import { startServerProcess } from "../helpers/server-process";

const BOSS = "boss@fresh.example";
const server = await startServerProcess({ SEED_DEMO: "0", ADMIN_EMAILS: BOSS, SMTP_URL: undefined, KX_RATE_LIMIT_MULTIPLIER: "1000" });
const linkIn = (output: string, email: string) =>
  new RegExp(`for ${email.replace(".", "\\.")}[^\\n]*?(https?://\\S+/(?:verify-email|reset-password)/\\S+)`).exec(output)?.[1];

async function waitForLink(email: string) {
  for (let i = 0; i < 50 && !linkIn(server.output(), email); i++) await new Promise((r) => setTimeout(r, 100));
  return linkIn(server.output(), email);
}

describe("the first admin of a fresh install", () => {
  it("verifies through the link in the server log and reaches the admin console", async () => {
    const browser = client(server.url);
    const signup = await browser.post("/signup", {
      name: "Bo Boss",
      email: BOSS,
      password: "violet lantern harbour",
      organisation: "",
      jobRole: "",
    });
    expect(signup.status).toBe(302);
    expect((await browser.get("/admin")).status).toBe(403); // not an admin before the address is proven

    const link = await waitForLink(BOSS);
    expect(link).toMatch(/\/verify-email\//);
    const path = new URL(link!).pathname;
    expect(await (await browser.get(path)).text()).toContain("Confirm my address");
    expect((await browser.post(path)).status).toBe(303);

    const admin = await browser.get("/admin");
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain("Organisations");
  });

  it("gets a password reset link in the log too, and nobody else's link is logged", async () => {
    const other = "someone@fresh.example";
    expect(
      (
        await client(server.url).post("/signup", {
          name: "Sam Someone",
          email: other,
          password: "violet lantern harbour",
          organisation: "",
          jobRole: "",
        })
      ).status,
    ).toBe(302);
    expect((await client(server.url).post("/forgot-password", { email: BOSS })).status).toBeLessThan(400);
    for (let i = 0; i < 50 && !/reset-password/.test(server.output()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toMatch(new RegExp(`for boss@fresh\\.example[^\\n]*/reset-password/`));
    expect(server.output()).not.toContain(other);
  });
});
