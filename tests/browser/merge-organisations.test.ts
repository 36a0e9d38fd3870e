// Review of 7 Dec 2026, finding 7, in real Chromium by visible labels (with and without
// JavaScript): merging organisations asks first. "Merge…" leads to a step naming what moves;
// Cancel goes back with nothing changed; the step's button merges. With JavaScript on, the
// step and the result are checked with axe (axe itself needs JavaScript).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { getDb } from "#db/client";
import { organisations } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { openSignedIn } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });
const exists = (id: number) => Boolean(getDb().select().from(organisations).where(eq(organisations.id, id)).get());

/** The whole flow; `checkView` runs on the confirmation step and on the result. */
async function mergeTyped(page: Page, name: string, checkView: (page: Page) => Promise<void>) {
  const typed = makeOrganisation(`${name} typed`);
  const real = makeOrganisation(`${name} Corporation`, `${name.toLowerCase()}.example`);
  await makeUser({ name: `${name} Person`, organisationId: typed.id });
  makeEvent({ partnerIds: [typed.id] });
  await page.goto(`${server.url}/admin/organisations`);
  const chooseAndAsk = async () => {
    await page.getByLabel("Merge this organisation").selectOption({ label: `${name} typed` });
    await page.getByLabel("into", { exact: true }).selectOption({ label: `${name} Corporation` });
    await page.getByRole("button", { name: "Merge…" }).click();
    await page.getByRole("heading", { name: `Merge “${name} typed” into “${name} Corporation”?` }).waitFor();
  };
  await chooseAndAsk();
  await page
    .getByText(`1 person and 1 event partnership move from “${name} typed” to “${name} Corporation”; “${name} typed” is deleted.`)
    .waitFor();
  await checkView(page);

  await page.getByRole("link", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Merge…" }).waitFor();
  expect(new URL(page.url()).search).toBe("");
  expect(exists(typed.id)).toBe(true);

  await chooseAndAsk();
  await page.getByRole("button", { name: `Merge “${name} typed” into “${name} Corporation”` }).click();
  await page.getByText("Organisations merged: people, partnerships and domains moved.").waitFor();
  expect(exists(typed.id)).toBe(false);
  expect(exists(real.id)).toBe(true);
  await checkView(page);
}

describe("merging organisations in Chromium", () => {
  it("asks first, cancels, then merges (JavaScript on)", async () => {
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(admin.id), "/admin/organisations");
    page.setDefaultTimeout(15_000);
    await mergeTyped(page, "Globex", expectAccessible);
    expect(problems).toEqual([]);
  });

  it("the same without JavaScript", async () => {
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(admin.id), "/admin/organisations", {
      javaScriptEnabled: false,
    });
    page.setDefaultTimeout(15_000);
    await mergeTyped(page, "Initech", async () => {});
    expect(problems).toEqual([]);
  });
});
