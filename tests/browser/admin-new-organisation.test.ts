// A fresh install's first step in real Chromium, by visible labels: the admin creates an
// organisation with its e-mail domain. After "Organisation created." the New organisation
// form is empty again (it kept the typed name and domain, inviting a second create), while a
// refused create keeps what was typed next to its message.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { organisations } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { openSignedIn } from "../helpers/browser";
import { makeUser } from "../helpers/factories";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });

describe("the admin's New organisation form", () => {
  it("is empty after a create, and keeps the input after a refusal", async () => {
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(admin.id), "/admin/organisations", {
      viewport: { width: 390, height: 844 },
    });
    const form = page.getByRole("region", { name: "New organisation" });
    const name = form.getByLabel("Name", { exact: true });
    const domains = form.getByLabel("E-mail domains", { exact: true });

    await name.fill("Cobalt Works");
    await domains.fill("cobalt.example");
    await form.getByRole("button", { name: "Create organisation" }).click();
    await page.getByRole("status").filter({ hasText: "Organisation created." }).waitFor();
    await page.getByRole("heading", { name: "Cobalt Works" }).waitFor();
    expect(getDb().select().from(organisations).where(eq(organisations.name, "Cobalt Works")).all()).toHaveLength(1);
    await expect.poll(() => name.inputValue()).toBe("");
    await expect.poll(() => domains.inputValue()).toBe("");

    // The same name again is refused: what was typed stays, beside the message.
    await name.fill("Cobalt Works");
    await form.getByRole("button", { name: "Create organisation" }).click();
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    expect(await name.inputValue()).toBe("Cobalt Works");
    expect(getDb().select().from(organisations).where(eq(organisations.name, "Cobalt Works")).all()).toHaveLength(1);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
