// Issue 14 parts 3–6 in real Chromium, on the demo data: the organiser copies the demo
// Lean Coffee as its next installment (by visible labels), carrying its undiscussed topic,
// then opens the series page from the new event; a visitor reads the series page, with
// both demo installments, without names. axe-core on every new page.
import { and, eq, inArray } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, events, registrations, topics, users } from "#db/schema";
import { seedDemo } from "#db/seed/index";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const demo = await seedDemo(db);
const { leanCoffee, unconference } = demo.events;
const nextDay = new Date(Date.now() + 60 * 24 * 3_600_000).toISOString().slice(0, 10);

const organiserContext = await newBrowserContext();
await signInContext(organiserContext, server.url, await sessionCookieFor(demo.accounts.organiser.id));
const org = await organiserContext.newPage();
const visitorContext = await newBrowserContext();
const visitor = await visitorContext.newPage();
for (const p of [org, visitor]) p.setDefaultTimeout(15_000);
const problems = [org, visitor].map((p) => watchPage(p));

async function open(page: Page, path: string) {
  const response = await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
  return response;
}

describe("next installment and series pages in Chromium", () => {
  it("the organiser copies the Lean Coffee as its next installment, carrying the undiscussed topic", async () => {
    await open(org, `/events/${leanCoffee.slug}`);
    await org.getByRole("link", { name: "Copy as next installment" }).click();
    await org.getByRole("heading", { name: "Copy as next installment" }).waitFor();
    await expectAccessible(org);

    // Bad input first: a day before this installment is refused on its field.
    await org
      .getByLabel("Day of the next installment")
      .fill(new Date(leanCoffee.startsAt.getTime() - 86_400_000).toISOString().slice(0, 10));
    await org.getByRole("button", { name: "Create the next installment" }).click();
    await org.getByText("The next installment starts after this one").waitFor();
    await expectAccessible(org);

    await org.getByLabel("Day of the next installment").fill(nextDay);
    await org.getByLabel("Title (optional)").fill("Lean Coffee: Aurora × Beacon, part 3");
    await org.getByLabel("Carry the undiscussed topics over to the new board").check();
    await org.getByRole("button", { name: "Create the next installment" }).click();
    await org.getByRole("heading", { name: "Lean Coffee: Aurora × Beacon, part 3" }).waitFor();
    await org.getByText("Next installment created as a draft").waitFor();
    await org.getByText("Draft: only organisers see this").waitFor();
    await expectAccessible(org);

    const copy = db.select().from(events).where(eq(events.title, "Lean Coffee: Aurora × Beacon, part 3")).get()!;
    expect(copy).toMatchObject({ status: "draft", series: "Aurora × Beacon", format: leanCoffee.format, capacity: leanCoffee.capacity });
    const [board] = db.select().from(boards).where(eq(boards.eventId, copy.id)).all();
    const carried = db.select().from(topics).where(eq(topics.boardId, board.id)).all();
    expect(carried.map((t) => t.title)).toEqual(["Data contracts between teams"]);
    const original = db
      .select()
      .from(topics)
      .where(and(eq(topics.id, carried[0].carriedFromId!)))
      .get()!;
    expect(original.status).toBe("carried_over");
  });

  it("the organiser opens the series page from the new event and sees all three installments", async () => {
    await org.getByRole("link", { name: "Series: Aurora × Beacon" }).click();
    await org.getByRole("heading", { name: "Aurora × Beacon", level: 1, exact: true }).waitFor();
    const installments = org.getByRole("region", { name: "Installments" }).getByRole("heading", { level: 3 });
    await expect(installments.allTextContents()).resolves.toEqual([
      leanCoffee.title,
      unconference.title,
      "Lean Coffee: Aurora × Beacon, part 3",
    ]);
    await org.getByRole("img", { name: "Confirmed attendees per installment, by organisation" }).waitFor();
    await expectAccessible(org);
  });

  it("a visitor finds the series from the home page: both demo installments, topics, notes, no names", async () => {
    await open(visitor, "/");
    await visitor.getByRole("link", { name: /Aurora × Beacon \(2 installments\)/ }).click();
    await visitor.getByRole("heading", { name: "Aurora × Beacon", level: 1, exact: true }).waitFor();
    await expectAccessible(visitor);
    const installments = visitor.getByRole("region", { name: "Installments" }).getByRole("heading", { level: 3 });
    await expect(installments.allTextContents()).resolves.toEqual([leanCoffee.title, unconference.title]);
    const topicsTable = visitor.getByRole("table", { name: "Topics discussed across the installments, with their dots" });
    await topicsTable.getByRole("rowheader", { name: "How do you keep CI under ten minutes?" }).waitFor();
    await visitor.getByRole("table", { name: "Attendance per installment and organisation" }).waitFor();
    // Attendance is numbers only: nobody registered is named there.
    const attendance = [
      (await visitor.getByRole("region", { name: "Installments" }).textContent()) ?? "",
      (await visitor.getByRole("region", { name: "Attendance" }).textContent()) ?? "",
    ].join("\n");
    const registered = db
      .select({ name: users.name })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(inArray(registrations.eventId, [leanCoffee.id, unconference.id]))
      .all();
    expect(registered.length).toBeGreaterThan(20);
    for (const { name } of registered) expect(attendance).not.toContain(name!);
    expect(attendance).toContain("confirmed attendees");

    // The search box searches this series' notes in the archive.
    await visitor.getByLabel("Search the notes of this series").fill("pipeline");
    await visitor.getByRole("button", { name: "Search", exact: true }).click();
    await visitor.waitForURL(/\/notes\?series=Aurora/);
    expect(new URL(visitor.url()).searchParams.get("series")).toBe("Aurora × Beacon");
    expect(problems.flat()).toEqual([]);
  });
});
