// XSS corpus in real Chromium: hostile text in every field that is shown back (names,
// organisations, registration answers, event title/summary/description/venue, board and
// topic titles and descriptions, takeaways, registration questions and their answers,
// messages to attendees (subject and text), rooms and slot labels, session titles,
// abstracts and tags, note titles, bodies and tags, audit details, outbox subjects, and
// search queries echoed on /notes), stored through the domain functions and HTTP; then
// every page that shows it is opened. No script runs (a `window.__xss` probe stays
// undefined), no dialog fires, no page error, and no hostile element or attribute
// (on* handlers, javascript:/data: links, frames) made it into the DOM.
//
// The browser context ignores the Content-Security-Policy on purpose (bypassCSP): the
// CSP nonce would stop inline scripts anyway, so only without it does this prove the
// output escaping itself. CSP stays a second, independent layer.
import { eq } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, outbox, registrations, rooms, scheduleSessions, sessionHosts, sessionTags, slots, topics } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { recordTakeaways } from "~/board/takeaways.server";
import { createNote } from "~/notes/create-note.server";
import { sendEventMessage } from "~/messages/send.server";
import { saveRegistrationAnswers } from "~/registration/questions-answers.server";
import { addQuestion } from "~/registration/questions.server";
import { questionFormSchema } from "~/registration/questions-schema";
import { CHROMIUM_PATH, signInContext, watchPage } from "../helpers/browser";
import { CHROMIUM_ARGS } from "../helpers/chromium";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

/** The hostile event's year: two years ahead, so the fixture never turns into a past event. */
const XSS_YEAR = new Date().getUTCFullYear() + 2;

/** Every payload sets window.__xss and/or opens a dialog if it ever runs. All ≤ 100 characters. */
const XSS_PAYLOADS = [
  `<script>window.__xss=1;alert("xss")</script>`,
  `<img src=x onerror="window.__xss=1;alert('xss')">`,
  `<svg onload="window.__xss=1;alert('xss')"></svg>`,
  `<svg><script>window.__xss=1</script></svg>`,
  `"><img src=x onerror=window.__xss=1>`,
  `'><img src=x onerror=window.__xss=1>`,
  `" autofocus onfocus="window.__xss=1" x="`,
  `</textarea><img src=x onerror=window.__xss=1>`,
  `</title><img src=x onerror=window.__xss=1>`,
  `</script><script>window.__xss=1</script>`,
  `\u2028\u2029</script><script>window.__xss=1</script>`,
  `[click me](javascript:window.__xss=1)`,
  `[click me](JaVaScRiPt:window.__xss=1)`,
  `[click me](&#x6A;avascript:window.__xss=1)`,
  `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `![img](x" onerror="window.__xss=1)`,
  `<a href="javascript:window.__xss=1">link</a>`,
  `<iframe src="javascript:window.__xss=1"></iframe>`,
  `<details open ontoggle=window.__xss=1>`,
  `<img src=x onerror=window.__xss=1 <b`,
  `<<script>script>window.__xss=1<</script>/script>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
  `[x](https://example.com "title\\" onmouseover=window.__xss=1")`,
];
const ALL = XSS_PAYLOADS.join("\n\n");

const server = await startTestServer();
let context: BrowserContext;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-xss-"));
  context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    bypassCSP: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  afterAll(async () => {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** Hostile content as a page would find it: scripts that did not come from the app, handlers, script URLs. */
async function inspect(page: Page) {
  return page.evaluate(() => {
    const findings: string[] = [];
    const w = window as unknown as { __xss?: unknown };
    if (w.__xss !== undefined) findings.push(`window.__xss = ${String(w.__xss)}`);
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        // eslint-disable-next-line no-control-regex -- browsers ignore control characters inside a URL scheme
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (name.startsWith("on")) findings.push(`<${el.localName} ${name}="${attr.value.slice(0, 60)}">`);
        if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(name) && /^(javascript|vbscript|data):/.test(value)) {
          findings.push(`<${el.localName} ${name}="${attr.value.slice(0, 60)}">`);
        }
      }
      if (el.localName === "iframe" || el.localName === "object" || el.localName === "embed") findings.push(`<${el.localName}> element`);
      if (
        el.localName === "script" &&
        (el.textContent ?? "").includes("__xss=1") &&
        !(el.textContent ?? "").includes("window.__remixContext")
      ) {
        // The hydration data carries the payload as an escaped JSON string; a script whose code *is* a payload is an injection.
        if (!/^\s*window\.__remix|^\s*\{|^\s*\[|^\s*import/.test(el.textContent ?? ""))
          findings.push(`<script>${(el.textContent ?? "").slice(0, 60)}`);
      }
    }
    return { findings, shown: document.body.innerText.includes("__xss") };
  });
}

async function visit(page: Page, problems: string[], url: string) {
  const response = await page.goto(server.url + url, { waitUntil: "load" });
  // Let the payloads' triggers fire before looking, by events rather than a pause: the load
  // event waits for every image (so image errors have fired); autofocus and <details> toggle
  // events run in the next rendering steps, two animation frames later at the latest.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.mouse.move(200, 300);
  const { findings, shown } = await inspect(page);
  return { status: response?.status() ?? 0, findings: [...findings, ...problems.splice(0)], shown };
}

describe("XSS corpus in Chromium", () => {
  it("the probe works: an unescaped payload is caught (script runs despite the CSP, handler and link found)", async () => {
    const page = await context.newPage();
    const problems = watchPage(page);
    // A page from the app's own server (its CSP applies, but is bypassed here), then hostile markup put in raw.
    await page.goto(`${server.url}/privacy`);
    await page.evaluate((html) => {
      document.body.insertAdjacentHTML("beforeend", html);
      const s = document.createElement("script");
      s.textContent = "alert('xss')";
      document.body.append(s);
    }, `${XSS_PAYLOADS[1]} ${XSS_PAYLOADS[16]}`);
    // The image's error handler runs once the broken image has failed to load: wait for it, not for a pause.
    await page.waitForFunction(() => (window as unknown as { __xss?: unknown }).__xss !== undefined);
    const { findings } = await inspect(page);
    expect(findings.join("\n")).toContain("window.__xss = 1");
    expect(findings.join("\n")).toContain("onerror");
    expect(findings.join("\n")).toContain("javascript:");
    expect(problems.join("\n")).toContain("dialog: xss");
    await page.close();
  });

  it(`renders ${XSS_PAYLOADS.length} payloads in every shown text field as inert text`, async () => {
    const db = getDb();
    // People whose name, organisation and job role are payloads; the organiser and a reader.
    const organiser = await makeUser({ name: `Olga ${XSS_PAYLOADS[1]}`.slice(0, 100) });
    const hostile: Awaited<ReturnType<typeof makeUser>>[] = [];
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const org = makeOrganisation(payload);
      hostile.push(await makeUser({ name: payload, organisationId: org.id, jobRole: XSS_PAYLOADS[(i + 3) % XSS_PAYLOADS.length] }));
    }
    const partner = makeOrganisation(XSS_PAYLOADS[4]);
    const event = makeEvent({
      title: XSS_PAYLOADS[0],
      summary: XSS_PAYLOADS.slice(0, 4).join(" "),
      description: ALL,
      venue: XSS_PAYLOADS[6],
      series: XSS_PAYLOADS[7],
      format: "mixed",
      startsAt: new Date(Date.UTC(XSS_YEAR, 5, 4, 7)),
      endsAt: new Date(Date.UTC(XSS_YEAR, 5, 4, 15)),
      organiserIds: [organiser.id],
      partnerIds: [partner.id],
    });
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      makeEvent({ title: payload, summary: XSS_PAYLOADS[(i + 1) % XSS_PAYLOADS.length], venue: payload });
    }
    // Registrations with hostile answers (attendee list, CSV export, the person's own status).
    for (const [i, user] of hostile.entries()) {
      db.insert(registrations)
        .values({
          eventId: event.id,
          userId: user.id,
          status: i % 5 === 4 ? "waitlisted" : "confirmed",
          jobRole: XSS_PAYLOADS[i],
          topics: ALL.slice(0, 2000),
          dietary: XSS_PAYLOADS[(i + 1) % XSS_PAYLOADS.length],
          accessibility: XSS_PAYLOADS[(i + 2) % XSS_PAYLOADS.length],
          consentVersion: "test",
          consentAt: new Date(),
        })
        .run();
    }
    // A visitor registering through the real form with hostile name, organisation and answers.
    const visitor = await client(server.url).post(`/events/${event.slug}/register`, {
      intent: "register",
      name: XSS_PAYLOADS[4],
      email: "visitor-xss@test.example",
      password: "a-long-visitor-secret-1",
      organisation: XSS_PAYLOADS[7],
      jobRole: XSS_PAYLOADS[8],
      topics: ALL.slice(0, 1900),
      dietary: XSS_PAYLOADS[9],
      accessibility: XSS_PAYLOADS[10],
      consent: "on",
    });
    expect(visitor.status).toBe(302);

    // Board: hostile board title, topics (one per payload), a discussed topic whose takeaways become a note.
    const board = db
      .insert(boards)
      .values({ eventId: event.id, title: XSS_PAYLOADS[2].slice(0, 80), phase: "discuss", hideTallies: false })
      .returning()
      .get();
    const topicIds = XSS_PAYLOADS.map(
      (payload, i) =>
        db
          .insert(topics)
          .values({
            boardId: board.id,
            title: payload.slice(0, 120),
            description: XSS_PAYLOADS[(i + 5) % XSS_PAYLOADS.length],
            authorId: hostile[i].id,
          })
          .returning()
          .get().id,
    );
    db.update(topics).set({ status: "discussed", finishedAt: new Date(), discussedSeconds: 300 }).where(eq(topics.id, topicIds[0])).run();
    recordTakeaways(board.id, topicIds[0], { id: organiser.id }, { takeaways: ALL, visibility: "public" });
    // A topic proposed through the form, as an attendee would.
    db.update(boards).set({ phase: "collect" }).where(eq(boards.id, board.id)).run();
    const attendeeCookie = await sessionCookieFor(hostile[0].id);
    const proposed = await client(server.url, attendeeCookie).post(`/events/${event.slug}/board`, {
      intent: "propose",
      title: XSS_PAYLOADS[5],
      description: XSS_PAYLOADS[11],
    });
    expect(proposed.status).toBe(302);
    db.update(boards).set({ phase: "discuss" }).where(eq(boards.id, board.id)).run();

    // Schedule: hostile room names, slot labels, sessions (title, abstract, tags, hosts), some placed.
    const roomIds = XSS_PAYLOADS.slice(0, 4).map(
      (p, i) =>
        db
          .insert(rooms)
          .values({ eventId: event.id, name: p.slice(0, 80), capacity: 10, position: i })
          .returning()
          .get().id,
    );
    const slotIds = [0, 1, 2].map(
      (h) =>
        db
          .insert(slots)
          .values({
            eventId: event.id,
            startsAt: new Date(Date.UTC(XSS_YEAR, 5, 4, 8 + h)),
            endsAt: new Date(Date.UTC(XSS_YEAR, 5, 4, 8 + h, 45)),
            kind: h === 2 ? "break" : "session",
            label: XSS_PAYLOADS[h + 6].slice(0, 80),
          })
          .returning()
          .get().id,
    );
    const sessionIds: number[] = [];
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const placed = i < 8 ? { roomId: roomIds[i % 4], slotId: slotIds[Math.floor(i / 4)] } : {};
      const s = db
        .insert(scheduleSessions)
        .values({
          eventId: event.id,
          title: payload.slice(0, 120),
          abstract: ALL,
          format: "discussion",
          status: i % 3 === 2 ? "proposed" : "accepted",
          proposedById: hostile[i].id,
          ...placed,
        })
        .returning()
        .get();
      db.insert(sessionHosts).values({ sessionId: s.id, userId: hostile[i].id }).run();
      db.insert(sessionTags)
        .values({ sessionId: s.id, tag: payload.slice(0, 40) })
        .run();
      sessionIds.push(s.id);
    }
    // A session proposed through the form.
    const proposal = await client(server.url, attendeeCookie).post(`/events/${event.slug}/sessions/new`, {
      title: XSS_PAYLOADS[12],
      abstract: ALL.slice(0, 4900),
      format: "talk",
      hostIds: String(hostile[0].id),
      tags: XSS_PAYLOADS[13],
    });
    expect(proposal.status).toBe(302);

    // Notes: one per payload (title, tag), every body the whole corpus in Markdown; one written through the form.
    const noteIds = XSS_PAYLOADS.map(
      (payload, i) =>
        createNote({
          eventId: event.id,
          title: payload.slice(0, 160),
          body: ALL,
          authorIds: [hostile[i].id],
          tags: [payload.slice(0, 40)],
          sessionId: sessionIds[i],
        }).id,
    );
    const written = await client(server.url, attendeeCookie).post("/notes/new", {
      event: event.slug,
      title: XSS_PAYLOADS[14],
      body: ALL,
      visibility: "public",
      tags: XSS_PAYLOADS[15],
    });
    expect(written.status).toBe(302);

    // Audit details and outbox messages carry titles and names into organiser pages.
    for (const payload of XSS_PAYLOADS.slice(0, 6)) {
      recordAudit({
        actorId: organiser.id,
        eventId: event.id,
        action: "event.update",
        targetType: "event",
        targetId: event.id,
        details: { title: payload, note: payload },
      });
      db.insert(outbox)
        .values({
          kind: "confirmation",
          toEmail: "x@test.example",
          toName: payload,
          subject: payload,
          textBody: ALL,
          eventId: event.id,
          status: "failed",
          lastError: payload,
        })
        .run();
    }

    // Registration questions (wording, help text, choices), answers and a message to attendees (ADR 022).
    const ask = (fields: Record<string, string>) =>
      addQuestion(event.id, questionFormSchema.parse({ intent: "add", audience: "everyone", ...fields }), { actorId: organiser.id });
    const textQuestion = ask({ label: XSS_PAYLOADS[16], helpText: XSS_PAYLOADS[17], kind: "short_text" });
    const oneQuestion = ask({ label: XSS_PAYLOADS[18], kind: "single_choice", options: XSS_PAYLOADS.slice(19, 22).join("\n") });
    const manyQuestion = ask({ label: XSS_PAYLOADS[22], kind: "multiple_choice", options: XSS_PAYLOADS.slice(0, 4).join("\n") });
    for (const [i, user] of hostile.entries()) {
      const registration = db.select().from(registrations).where(eq(registrations.userId, user.id)).get()!;
      saveRegistrationAnswers(db, {
        eventId: event.id,
        registrationId: registration.id,
        status: registration.status,
        answers: {
          [textQuestion.id]: XSS_PAYLOADS[i].slice(0, 200),
          [oneQuestion.id]: XSS_PAYLOADS[19 + (i % 3)],
          [manyQuestion.id]: XSS_PAYLOADS.slice(0, 1 + (i % 4)),
        },
      });
    }
    sendEventMessage({
      event,
      sender: { id: organiser.id, email: organiser.email! },
      value: {
        intent: "send",
        states: ["confirmed", "waitlisted"],
        subject: XSS_PAYLOADS[5],
        body: ALL,
        sendKey: "xss-corpus-message-key",
      },
    });

    const base = `/events/${event.slug}`;
    const publicPages = [
      "/",
      base,
      `${base}/board`,
      `/events/${event.slug}/boards/${board.id}/summary`,
      `/events/${event.slug}/boards/${board.id}/present`,
      `${base}/schedule`,
      ...sessionIds.slice(0, 10).map((id) => `${base}/sessions/${id}`),
      "/notes",
      ...noteIds.slice(0, 10).map((id) => `/notes/${id}`),
      `/notes/${noteIds[0]}/history`,
      `${base}/notes/print`,
      `${base}/now`,
      // Search queries are echoed back on the page (input value, "results for …", snippets).
      ...XSS_PAYLOADS.slice(0, 12).map((p) => `/notes?q=${encodeURIComponent(p)}`),
      `/notes?tag=${encodeURIComponent(XSS_PAYLOADS[1].slice(0, 40).toLowerCase())}`,
    ];
    const attendeePages = [`${base}/register`, `${base}/agenda`, "/account", `${base}/sessions/new`, `/notes/new?event=${event.slug}`];
    const organiserPages = [
      `${base}/questions`,
      `${base}/messages`,
      `${base}/attendees?answer=${encodeURIComponent(`${oneQuestion.id}:${XSS_PAYLOADS[19]}`)}`,
      `${base}/attendees`,
      `${base}/edit`,
      `${base}/schedule/setup`,
      `${base}/audit`,
      "/outbox",
      `/notes/${noteIds[0]}/edit`,
      `${base}/sessions/${sessionIds[0]}/edit`,
    ];

    const page = await context.newPage();
    const problems = watchPage(page);
    const failures: string[] = [];
    const notShown: string[] = [];
    let visited = 0;
    const run = async (urls: string[]) => {
      for (const url of urls) {
        const result = await visit(page, problems, url);
        visited++;
        if (result.status >= 500) failures.push(`${url}: HTTP ${result.status}`);
        for (const f of result.findings) failures.push(`${url}: ${f}`);
        if (!result.shown) notShown.push(url);
      }
    };
    await run(publicPages);
    await signInContext(context, server.url, await sessionCookieFor(hostile[0].id));
    await run(attendeePages);
    await signInContext(context, server.url, await sessionCookieFor(organiser.id));
    await run(organiserPages);
    // The organiser's board view has the facilitation controls (carry over, promote, merge selects).
    await run([`${base}/board`, `${base}/schedule`, `/notes/${noteIds[1]}`]);

    expect(failures, failures.join("\n")).toEqual([]);
    // Every page really showed hostile text (as text): the test is not looking at empty pages.
    expect(notShown, `pages that showed no payload: ${notShown.join(", ")}`).toEqual([]);
    console.info(
      `[adversarial] XSS: ${XSS_PAYLOADS.length} payloads, ${visited} page views in Chromium (CSP bypassed), no script ran, no dialog, nothing hostile in the DOM`,
    );
  });
});
