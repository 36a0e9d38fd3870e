// Registration questions and messages in real Chromium (ADR 022), by visible labels: an
// organiser adds questions, a visitor answers them while registering, the organiser
// filters the attendee list by an answer and downloads the CSV; an organiser messages
// the waiting list. axe-core on every new page.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { parse } from "csv-parse/sync";
import { getDb } from "#db/client";
import { outbox, registrationQuestions } from "#db/schema";
import { registerForEvent } from "~/registration/registrations.server";
import { expectAccessible } from "../helpers/axe";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Questions Partner", "qbrowser.example");

async function contextFor(userId?: number) {
  const context = await newBrowserContext();
  if (userId) await signInContext(context, server.url, await sessionCookieFor(userId));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, problems: watchPage(page) };
}

async function open(page: Page, path: string) {
  await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
}

describe("questions and messages in Chromium", () => {
  it("an organiser adds questions, a visitor answers them, the organiser filters by an answer and downloads the CSV", async () => {
    const organiser = await makeUser({ name: "Orla Organiser", email: "orla@qbrowser-org.example" });
    const event = makeEvent({ title: "Questions Exchange", partnerIds: [partner.id], organiserIds: [organiser.id] });
    const { page, problems } = await contextFor(organiser.id);

    await open(page, `/events/${event.slug}`);
    await page.getByRole("link", { name: "Registration questions" }).click();
    await page.getByRole("heading", { name: "Registration questions" }).waitFor();
    await expectAccessible(page);
    const add = page.getByRole("region", { name: "Add a question" });
    await add.getByLabel("Question", { exact: true }).fill("Lunch");
    await add.getByLabel("Kind of answer").selectOption({ label: "One choice" });
    await add.getByLabel("Choices, one per line").fill("Vegan\nAnything");
    await add.getByLabel("An answer is required").check();
    await add.getByRole("button", { name: "Add question" }).click();
    await page.getByText("Question added.").waitFor();
    await add.getByLabel("Question", { exact: true }).fill("What do you hope to learn?");
    await add.getByLabel("Kind of answer").selectOption({ label: "Long text" });
    await add.getByLabel("Help text").fill("A sentence is plenty.");
    await add.getByRole("button", { name: "Add question" }).click();
    await page.getByText("Question added.").waitFor();
    await page.getByRole("heading", { name: "What do you hope to learn?" }).waitFor();
    await expectAccessible(page);
    expect(
      getDb()
        .select({ label: registrationQuestions.label })
        .from(registrationQuestions)
        .where(eq(registrationQuestions.eventId, event.id))
        .all(),
    ).toEqual([{ label: "Lunch" }, { label: "What do you hope to learn?" }]);

    // A visitor registers and answers.
    const visitor = await contextFor();
    await open(visitor.page, `/events/${event.slug}/register`);
    await expectAccessible(visitor.page);
    await visitor.page.getByLabel("Name", { exact: true }).fill("Vic Visitor");
    await visitor.page.getByLabel("E-mail", { exact: true }).fill("vic@qbrowser.example");
    await visitor.page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await visitor.page.getByLabel("Organisation", { exact: true }).fill("Questions Partner");
    await visitor.page.getByLabel("Job role").fill("Staff engineer");
    await visitor.page.getByLabel("What do you hope to learn?").fill("How others run platform teams");
    await visitor.page.getByLabel(/I agree to the privacy notice/).check();
    await visitor.page.getByRole("button", { name: "Create account and register" }).click();
    // The required choice is asked for before anything is written.
    await visitor.page.getByRole("group", { name: "Lunch (required)" }).getByText("Please answer this question.").waitFor();
    await visitor.page.getByRole("group", { name: "Lunch (required)" }).getByLabel("Vegan").check();
    await visitor.page.getByRole("button", { name: "Create account and register" }).click();
    await visitor.page.getByText("How others run platform teams").waitFor();
    expect(visitor.problems).toEqual([]);

    // Someone else answers differently.
    const andy = await makeUser({ name: "Andy Anything", email: "andy@qbrowser.example" });
    const lunch = getDb()
      .select()
      .from(registrationQuestions)
      .where(and(eq(registrationQuestions.eventId, event.id), eq(registrationQuestions.label, "Lunch")))
      .get()!;
    registerForEvent({ eventId: event.id, userId: andy.id, answers: {}, questionAnswers: { [lunch.id]: "Anything" }, consent: true });

    await open(page, `/events/${event.slug}/attendees`);
    await page.getByLabel("Answer").selectOption({ label: "Vegan" });
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/answer=/);
    // The new list, not the unfiltered one still on screen while the URL has already changed.
    await page.getByText("1 registration matching these filters").waitFor();
    await page
      .getByRole("cell", { name: /Vic Visitor/ })
      .or(page.getByRole("rowheader", { name: /Vic Visitor/ }))
      .first()
      .waitFor();
    expect(await page.getByText("Andy Anything").count()).toBe(0);
    await expectAccessible(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const rows = parse(fs.readFileSync((await download.path())!, "utf8"), { bom: true }) as string[][];
    expect(rows.map((r) => r[0])).toEqual(["Name", "Vic Visitor"]);
    expect(rows[0].slice(-2)).toEqual(["Lunch", "What do you hope to learn?"]);
    expect(rows[1].slice(-2)).toEqual(["Vegan", "How others run platform teams"]);
    expect(problems).toEqual([]);
  });

  it("an organiser messages the waiting list", async () => {
    const organiser = await makeUser({ name: "Mo Organiser", email: "mo@qbrowser-org.example" });
    const event = makeEvent({ title: "Full Exchange", capacity: 1, partnerIds: [partner.id], organiserIds: [organiser.id] });
    const people = [];
    for (const name of ["Sid Seated", "Wes Waiting", "Wanda Waiting"]) {
      const person = await makeUser({ name, email: `${name.split(" ")[0].toLowerCase()}@qbrowser.example` });
      registerForEvent({ eventId: event.id, userId: person.id, answers: {}, consent: true });
      people.push(person);
    }
    const { page, problems } = await contextFor(organiser.id);
    await open(page, `/events/${event.slug}`);
    await page.getByRole("link", { name: "Message attendees" }).click();
    await page.getByRole("heading", { name: "Message attendees" }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("Confirmed").uncheck();
    await page.getByLabel("Waiting list").check();
    await page.getByLabel("Subject", { exact: true }).fill("A seat may free up");
    await page.getByLabel("Message", { exact: true }).fill("We will know on Friday.");
    await page.getByRole("button", { name: "Preview recipients" }).click();
    await page.getByText("2 people get this message (Waiting list).").waitFor();
    await page.getByText("Wanda Waiting, Wes Waiting").waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Send to 2 people" }).click();
    await page.getByText("Message queued").waitFor();
    await page.getByText("Text and 2 recipients").click();
    await page.getByRole("cell", { name: "Wes Waiting" }).waitFor();
    await expectAccessible(page);
    const mails = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.eventId, event.id), eq(outbox.kind, "message.organiser")))
      .all();
    expect(mails.map((m) => m.toEmail).sort()).toEqual([people[1].email, people[2].email].sort());
    expect(mails.every((m) => m.replyTo === "mo@qbrowser-org.example" && m.subject === "A seat may free up")).toBe(true);
    expect(problems).toEqual([]);
  });
});
