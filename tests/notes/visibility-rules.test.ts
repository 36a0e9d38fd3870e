// Note visibility on every read path, for people in every registration state, made through
// the real paths. "attendees" means *confirmed* attendees: pending, waitlisted, declined and
// cancelled people are refused like strangers. "partners" means members of the event's
// partner organisations: a confirmed attendee from elsewhere is refused. (The read matrix,
// tests/adversarial/read-matrix.test.ts, checks the same across every route and role.)
import { describe, expect, it } from "vitest";
import { createOrganisation } from "~/accounts/organisations.server";
import { createNoteForUser } from "~/notes/new-note.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import {
  actorOf,
  makeAdmin,
  makeCancelledPerson,
  makeConfirmedPerson,
  makeEventFor,
  makePartnerMember,
  makePendingPerson,
  makeWaitlistedPerson,
  organiserDecides,
  signUp,
} from "../adversarial/world";

const server = await startTestServer();

async function world() {
  const id = Math.random().toString(36).slice(2, 8);
  const admin = await makeAdmin(server.url);
  const domain = `partner-${id}.example`;
  const partner = createOrganisation({ name: `Partner ${id}`, domains: [domain] });
  const organiser = await signUp(`Olga ${id}`, `olga-${id}@host-${id}.example`);
  const event = makeEventFor(admin, organiser, { title: `Visibility ${id}`, capacity: 2, partnerIds: [partner.id] });
  const ip = "127.0.0.1";
  const cancelled = await makeCancelledPerson(id, event, organiser.id, ip);
  const author = await makeConfirmedPerson(id, "Aaron Author", event, organiser.id, ip);
  const confirmed = await makeConfirmedPerson(id, "Conny Confirmed", event, organiser.id, ip);
  const waitlisted = await makeWaitlistedPerson(id, event, organiser.id, ip);
  const pending = await makePendingPerson(id, event);
  const declined = await makePendingPerson(`${id}d`, event);
  organiserDecides(event, declined, "decline", organiser.id, ip);
  const member = await makePartnerMember(id, domain, server.url);
  const note = (visibility: "attendees" | "partners") =>
    createNoteForUser(
      { event: event.slug, title: `${visibility} note ${id}`, body: `hidden-${visibility}-${id}`, visibility, tags: "" },
      actorOf(author),
    );
  return {
    id,
    event,
    people: { cancelled, confirmed, waitlisted, pending, declined, member },
    attendeesNote: note("attendees"),
    partnersNote: note("partners"),
  };
}

/** What each read path shows `userId` of the note: the marker on the note page, its history, search, the Markdown export and the printable page. */
async function readsOf(userId: number, w: Awaited<ReturnType<typeof world>>, note: { id: number; title: string }, marker: string) {
  const tab = client(server.url, await sessionCookieFor(userId));
  const page = await tab.get(`/notes/${note.id}`);
  const history = await tab.get(`/notes/${note.id}/history`);
  const search = await tab.get(`/notes?q=${encodeURIComponent(marker)}`);
  const markdown = await tab.get(`/events/${w.event.slug}/notes.md`);
  const print = await tab.get(`/events/${w.event.slug}/notes/print`);
  return {
    page: page.status,
    history: history.status,
    // The search box shows the words searched for: a result is the note's title.
    search: (await search.text()).includes(note.title),
    markdown: (await markdown.text()).includes(marker),
    print: (await print.text()).includes(marker),
    pageShows: (await page.text()).includes(marker),
  };
}

const REFUSED = { page: 404, history: 404, search: false, markdown: false, print: false, pageShows: false };
const ALLOWED = { page: 200, history: 200, search: true, markdown: true, print: true, pageShows: true };

const CASES = [
  {
    visibility: "attendees",
    rule: "are read by confirmed attendees only: pending, waitlisted, declined and cancelled people are refused on every path",
    expected: { cancelled: REFUSED, confirmed: ALLOWED, waitlisted: REFUSED, pending: REFUSED, declined: REFUSED, member: REFUSED },
  },
  {
    visibility: "partners",
    rule: "are read by members of the partner organisations, not by confirmed attendees from elsewhere, on every path",
    expected: { cancelled: REFUSED, confirmed: REFUSED, waitlisted: REFUSED, pending: REFUSED, declined: REFUSED, member: ALLOWED },
  },
] as const;

describe("note visibility by registration state", () => {
  for (const { visibility, rule, expected } of CASES) {
    it(`${visibility}-only notes ${rule}`, async () => {
      const w = await world();
      const note = visibility === "attendees" ? w.attendeesNote : w.partnersNote;
      const seen: Record<string, unknown> = {};
      for (const [who, person] of Object.entries(w.people)) seen[who] = await readsOf(person.id, w, note, `hidden-${visibility}-${w.id}`);
      expect(seen).toEqual(expected);
    });
  }
});
