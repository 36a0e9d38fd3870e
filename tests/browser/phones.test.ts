// The day of the event on a phone (issue 17.3), in real Chromium on the demo data, by
// visible labels: the schedule as a list grouped by time slot (every room named, starred
// sessions marked, the running slot marked "Now", nothing wider than the screen); the door
// check-in from a name search ("<Name> checked in"); a walk-in added; a request declined
// with a reason that reaches the outbox. Then every main page at 360 px wide, as a
// visitor, an attendee and an organiser: no sideways scrolling. axe on the changed pages.
import { and, desc, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, notes, outbox, registrations, rooms, stars, users } from "#db/schema";
import { seedDemo } from "#db/seed/index";
import { saveSlot } from "~/schedule/rooms-slots.server";
import { utcToLocalInput } from "~/utils/dates";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const demo = await seedDemo(db);
const { organiser, attendee } = demo.accounts;
const { unconference, leanCoffee } = demo.events;

// A slot running now on the demo unconference (saved as its organiser would), so the list has a "Now".
const HOUR = 3_600_000;
saveSlot(
  unconference,
  { id: organiser.id, isAdmin: false },
  {
    startsAt: utcToLocalInput(new Date(Date.now() - HOUR), unconference.timeZone),
    endsAt: utcToLocalInput(new Date(Date.now() + HOUR), unconference.timeZone),
    kind: "plenary",
    label: "Rehearsal running now",
  },
);

async function phone(userId: number | null, viewport = { width: 390, height: 844 }) {
  const context = await newBrowserContext({ viewport });
  if (userId) await signInContext(context, server.url, await sessionCookieFor(userId));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, problems: watchPage(page) };
}

async function open(page: Page, path: string) {
  const response = await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
  return response;
}

const scrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

describe("on a phone (390 × 844)", () => {
  it("the schedule is a list by time slot: every room named, starred ones marked, 'Now' on the running slot, no sideways scroll", async () => {
    const { page, problems } = await phone(attendee.id);
    await open(page, `/events/${unconference.slug}/schedule`);
    await page.getByRole("heading", { name: "Schedule", level: 1 }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

    // Each room is named on its cards, visibly and inside the screen.
    const roomNames = db
      .select({ name: rooms.name })
      .from(rooms)
      .where(eq(rooms.eventId, unconference.id))
      .all()
      .map((r) => r.name);
    expect(roomNames).toHaveLength(3);
    for (const name of roomNames) {
      const label = page.locator("main").getByText(name, { exact: true }).filter({ visible: true }).first();
      await label.waitFor();
      const box = (await label.boundingBox())!;
      expect(box.x, name).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, name).toBeLessThanOrEqual(390);
    }
    // Column headers are not shown: the list names rooms on cards instead.
    await expect(page.getByRole("columnheader", { name: /Library/ }).isVisible()).resolves.toBe(false);

    // Bea's stars, on the grid: each such card says "Starred by you".
    const starred = db
      .select({ id: stars.sessionId })
      .from(stars)
      .where(eq(stars.userId, attendee.id))
      .all()
      .map((s) => s.id);
    expect(starred.length).toBeGreaterThan(0);
    const marked = await page
      .locator("article")
      .filter({ has: page.getByText("Starred by you", { exact: true }) })
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-session-id"))));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((id) => starred.includes(id))).toBe(true);

    // The running slot says "Now", beside its time and label.
    const now = page.getByRole("row").filter({ has: page.getByText("Now", { exact: true }) });
    await expect(now.count()).resolves.toBe(1);
    await expect(now.innerText()).resolves.toContain("Rehearsal running now");
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("the organiser finds Bea by name at the door and checks her in: 'Bea Attendee checked in'", async () => {
    const { page, problems } = await phone(organiser.id);
    await open(page, `/events/${unconference.slug}/attendees`);
    await page.getByLabel("Search by name or full e-mail address").fill("bea");
    await page.waitForURL(/q=bea/);
    // Her name, not everyone at beacon.example.
    await page.getByText("1 registration matching these filters").waitFor();
    const checkIn = page.getByRole("button", { name: "Check in Bea Attendee" });
    const box = (await checkIn.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThan(300);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await checkIn.click();
    await page.getByRole("status").filter({ hasText: "Bea Attendee checked in." }).waitFor();
    await page.getByRole("button", { name: "Undo check-in Bea Attendee" }).waitFor();
    const reg = db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, unconference.id), eq(registrations.userId, attendee.id)))
      .get()!;
    expect(reg.checkedInAt).toBeInstanceOf(Date);
    expect(problems).toEqual([]);
  });

  it("the organiser adds a walk-in and checks them in; the full event asks first", async () => {
    const { page, problems } = await phone(organiser.id);
    await open(page, `/events/${unconference.slug}/attendees`);
    await page.getByText("Add a walk-in").click();
    await page.getByLabel("Name", { exact: true }).fill("Wanda Walk-in");
    await page.getByLabel("E-mail", { exact: true }).fill("wanda@walk-in.example");
    await page.getByLabel("Check in now").check();
    await page.getByLabel("They agree to the privacy notice").check();
    await page.getByRole("button", { name: "Add walk-in" }).click();
    // The demo unconference is full: the organiser is asked, nobody is added.
    await page.getByText(/The event is full: \d+ of \d+ seats are taken/).waitFor();
    expect(db.select().from(users).where(eq(users.email, "wanda@walk-in.example")).get()).toBeUndefined();
    await expectAccessible(page);
    await page.getByLabel("If the event is full").selectOption({ label: "Seat them anyway (over capacity)" });
    await page.getByRole("button", { name: "Add walk-in" }).click();
    await page.getByRole("status").filter({ hasText: "Wanda Walk-in: Confirmed. Walk-in added over capacity" }).waitFor();
    await page.getByRole("button", { name: "Undo check-in Wanda Walk-in" }).waitFor();
    const wanda = db.select().from(users).where(eq(users.email, "wanda@walk-in.example")).get()!;
    const reg = db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, unconference.id), eq(registrations.userId, wanda.id)))
      .get()!;
    expect(reg.status).toBe("confirmed");
    expect(reg.checkedInAt).toBeInstanceOf(Date);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
  });

  it("declining asks first, says what it affects, and mails the reason", async () => {
    const pending = db
      .select({ name: users.name, email: users.email })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(and(eq(registrations.eventId, unconference.id), eq(registrations.status, "pending")))
      .get()!;
    const name = pending.name!;
    const { page, problems } = await phone(organiser.id);
    await open(page, `/events/${unconference.slug}/attendees?status=pending`);
    // "Decline…" opens the confirmation (its accessible name carries the person's name).
    await page
      .locator("summary")
      .filter({ hasText: `Decline… ${name}` })
      .click();
    await page.getByText(`Declines ${name}’s request. ${name} gets an e-mail saying so`).waitFor();
    await page
      .getByLabel(`Reason (optional, mailed to ${name})`)
      .fill("This round is for partner teams only; the spring edition is open to everyone.");
    await expectAccessible(page);
    await page.getByRole("button", { name: `Decline ${name}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${name}: Declined.` })
      .waitFor();
    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, pending.email!), eq(outbox.kind, "registration.declined")))
      .orderBy(desc(outbox.id))
      .get()!;
    expect(mail.textBody).toContain("> This round is for partner teams only; the spring edition is open to everyone.");
    expect(problems).toEqual([]);
  });
});

describe("no sideways scrolling at 360 px", () => {
  const board = db.select().from(boards).where(eq(boards.eventId, leanCoffee.id)).get()!;
  const note = db.select().from(notes).where(eq(notes.visibility, "public")).orderBy(notes.id).get()!;
  const everyone = [
    "/",
    "/notes",
    `/notes/${note.id}`,
    `/events/${unconference.slug}`,
    `/events/${unconference.slug}/schedule`,
    `/events/${unconference.slug}/now`,
    `/events/${unconference.slug}/register`,
    `/events/${leanCoffee.slug}`,
    `/events/${leanCoffee.slug}/boards/${board.id}`,
    `/events/${leanCoffee.slug}/boards/${board.id}/summary`,
    "/series/aurora-beacon",
    "/privacy",
  ];
  const visitorOnly = ["/login", "/signup", "/forgot-password"];
  const signedIn = ["/account", `/events/${unconference.slug}/agenda`, "/notes/new", `/events/${unconference.slug}/sessions/new`];
  const organiserOnly = [
    `/events/${unconference.slug}/attendees`,
    `/events/${unconference.slug}/edit`,
    `/events/${unconference.slug}/schedule/setup`,
    `/events/${unconference.slug}/questions`,
    `/events/${unconference.slug}/messages`,
    `/events/${unconference.slug}/invitations`,
    `/events/${unconference.slug}/audit`,
    `/events/${leanCoffee.slug}/copy`,
    "/events/new",
    "/outbox",
  ];
  const roles = [
    { role: "visitor", userId: null, paths: [...everyone, ...visitorOnly] },
    { role: "attendee", userId: attendee.id, paths: [...everyone, ...signedIn] },
    { role: "organiser", userId: organiser.id, paths: [...everyone, ...signedIn, ...organiserOnly] },
  ];

  for (const { role, userId, paths } of roles) {
    it(`as ${role}, every main page fits 360 px`, async () => {
      const { page, problems } = await phone(userId, { width: 360, height: 740 });
      const tooWide: string[] = [];
      for (const path of paths) {
        const response = await open(page, path);
        expect(response?.status(), `${role} ${path}`).toBeLessThan(400);
        const width = await scrollWidth(page);
        if (width > 360) {
          // Name the widest element, so a failure says what to fix.
          const culprit = await page.evaluate(() => {
            let worst = "";
            let right = 360;
            for (const el of document.querySelectorAll("body *")) {
              const r = el.getBoundingClientRect();
              if (r.right > right + 0.5) {
                right = r.right;
                worst = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
              }
            }
            return `${worst} (right edge ${Math.round(right)})`;
          });
          tooWide.push(`${path}: ${width}px, ${culprit}`);
        }
      }
      expect(tooWide).toEqual([]);
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
