// The admin console's front page counts in English on a fresh install: "1 account", not
// "1 accounts" (found trying the console as a new admin, review of 7 Dec 2026).
import { describe, expect, it } from "vitest";
import { makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });
const adminClient = client(server.url, await sessionCookieFor(admin.id));

/** The text of the admin overview's tiles, tags stripped. */
async function overviewText() {
  const page = await adminClient.get("/admin");
  expect(page.status).toBe(200);
  return (await page.text()).replace(/<!-- -->/g, "");
}

describe("the admin overview's counts", () => {
  it("say one of each in the singular and none or several in the plural", async () => {
    const fresh = await overviewText();
    expect(fresh).toContain("0 organisations, 0 e-mail domains");
    expect(fresh).toContain("1 account, 0 with an unverified address");
    // Creating the account queued its verification e-mail.
    expect(fresh).toContain("1 e-mail waiting, 0 failed");

    const created = await adminClient.post("/admin/organisations", {
      intent: "create-organisation",
      name: "Acme",
      domains: "acme.example",
    });
    expect(created.status).toBe(303);
    // A password reset queues a second e-mail.
    expect((await client(server.url).post("/forgot-password", { email: "admin@test.example" })).status).toBeLessThan(400);

    const later = await overviewText();
    expect(later).toContain("1 organisation, 1 e-mail domain");
    expect(later).toContain("2 e-mails waiting, 0 failed");
    expect(later).not.toContain("1 accounts");
  });
});
