// A form posted with a field repeated (`title=a&title=b`: a fuzzer or a tampered form)
// through the real server: a 400 with a field message and nothing written, and the page
// that shows the submitted values again renders without React's "defaultValue must be a
// scalar value" warning (the server renders in this process, so console.error is watched
// here). Plus the field components on their own: a repeated value shows as its first.
import { format } from "node:util";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { count, eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client";
import { events, scheduleSessions, users } from "#db/schema";
import { makeEvent, makeUser } from "./helpers/factories";
import { client, sessionCookieFor, startTestServer } from "./helpers/server";
import { makeUnconference } from "./schedule/helpers";
import { Field, SelectField, TextareaField } from "~/components/forms";

const server = await startTestServer();
const db = () => getDb();
const nextYear = new Date().getUTCFullYear() + 1;

let logged: string[] = [];
beforeEach(() => {
  logged = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(format(...args)));
});
afterEach(() => vi.restoreAllMocks());
// React warns once per process, so each render is also checked for what the warning is
// about: a single <select> with more than one option selected.
const reactWarnings = () => logged.filter((line) => /must be a scalar value|Warning:/.test(line));

/** Names of the single-value selects in `html` that start with several options selected. */
function selectsWithSeveralSelected(html: string) {
  return [...html.matchAll(/<select([^>]*)>(.*?)<\/select>/g)]
    .filter(([, attributes, options]) => !/\bmultiple\b/.test(attributes) && (options.match(/selected=""/g)?.length ?? 0) > 1)
    .map(([, attributes]) => attributes.match(/name="([^"]*)"/)?.[1]);
}

/** The field error list Conform renders for `name` (id `<form>-<name>-error`), as text. */
function fieldErrorText(html: string, name: string) {
  const match = html.match(new RegExp(`<ul id="[^"]*-${name}-error"[^>]*>(.*?)</ul>`));
  return match?.[1].replace(/<[^>]+>/g, " ").trim() ?? null;
}

/** A 400 whose page names each field's problem and renders cleanly; its HTML. */
async function expectRefused(res: Response, fieldNames: string[]) {
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(reactWarnings()).toEqual([]);
  expect(selectsWithSeveralSelected(html)).toEqual([]);
  for (const name of fieldNames) expect(fieldErrorText(html, name), name).toBeTruthy();
  return html;
}

describe("a repeated field posted to a real form", () => {
  it("event form: 400, a field message, no event written, no React warning", async () => {
    const organiser = await makeUser();
    makeEvent({ organiserIds: [organiser.id] });
    const before = db().select({ n: count() }).from(events).get()!.n;
    const res = await client(server.url, await sessionCookieFor(organiser.id)).post("/events/new", {
      title: ["Twice titled", "Second title"],
      summary: "Summary",
      description: "Description",
      format: ["mixed", "lean_coffee"],
      timeZone: ["Europe/Berlin", "Europe/Paris"],
      startsAt: `${nextYear}-07-01T09:30`,
      endsAt: `${nextYear}-07-01T17:00`,
      capacity: "40",
      status: "draft",
    });
    const html = await expectRefused(res, ["title", "format"]);
    expect(db().select({ n: count() }).from(events).get()!.n).toBe(before);
    // The selects show the first value sent, the text input its first value too.
    expect(html).toMatch(/<option value="mixed" selected="">/);
    expect(html).toContain('value="Twice titled"');
  });

  it("signup: 400, a field message, no account written, no React warning", async () => {
    const before = db().select({ n: count() }).from(users).get()!.n;
    const res = await client(server.url).post("/signup", {
      name: ["Rita Repeat", "Rita Again"],
      email: "rita@repeat.example",
      password: "a long enough password",
      organisation: ["One", "Two"],
    });
    const html = await expectRefused(res, ["name", "organisation"]);
    expect(html).toContain('value="Rita Repeat"');
    expect(db().select({ n: count() }).from(users).get()!.n).toBe(before);
    expect(db().select().from(users).where(eq(users.email, "rita@repeat.example")).get()).toBeUndefined();
  });

  it("session proposal: 400, a field message, no session written, no React warning", async () => {
    const { event, attendees } = await makeUnconference({ attendees: 1 });
    const me = attendees[0];
    const before = db().select({ n: count() }).from(scheduleSessions).get()!.n;
    const res = await client(server.url, await sessionCookieFor(me.id)).post(`/events/${event.slug}/sessions/new`, {
      title: ["Two titles", "Are one too many"],
      abstract: ["First abstract", "Second abstract"],
      format: ["talk", "workshop"],
      hostIds: String(me.id),
      tags: "testing",
    });
    const html = await expectRefused(res, ["title", "format"]);
    expect(db().select({ n: count() }).from(scheduleSessions).get()!.n).toBe(before);
    expect(html).toMatch(/<option value="talk" selected="">/);
    expect(html).toMatch(/<textarea[^>]*>First abstract<\/textarea>/);
  });
});

describe("field components with a repeated submitted value", () => {
  function Fields({ lastResult }: { lastResult: SubmissionResult<string[]> }) {
    const [, fields] = useForm<{ title: string; abstract: string; kind: string }>({ id: "f", lastResult });
    return createElement(
      "form",
      null,
      createElement(Field, { label: "Title", meta: fields.title }),
      createElement(TextareaField, { label: "Abstract", meta: fields.abstract }),
      createElement(SelectField, {
        label: "Kind",
        meta: fields.kind,
        options: [
          { value: "a", label: "A" },
          { value: "b", label: "B" },
        ],
      }),
    );
  }

  it("single-value controls get the first value, no warning; a valid value shows as before", () => {
    const repeated = renderToString(
      createElement(Fields, {
        lastResult: {
          status: "error",
          initialValue: { title: ["one", "two"], abstract: ["first", "second"], kind: ["b", "a"] },
          error: { title: ["Bad."] },
        },
      }),
    );
    expect(repeated).toContain('value="one"');
    expect(repeated).toMatch(/<textarea[^>]*>first<\/textarea>/);
    expect(repeated).toMatch(/<option value="b" selected="">/);
    expect(selectsWithSeveralSelected(repeated)).toEqual([]);
    expect(reactWarnings()).toEqual([]);

    const valid = renderToString(
      createElement(Fields, {
        lastResult: { status: "error", initialValue: { title: "one", abstract: "first", kind: "a" }, error: { title: ["Bad."] } },
      }),
    );
    expect(valid).toContain('value="one"');
    expect(valid).toMatch(/<textarea[^>]*>first<\/textarea>/);
    expect(valid).toMatch(/<option value="a" selected="">/);
    expect(reactWarnings()).toEqual([]);
  });
});
