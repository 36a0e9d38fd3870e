// Links in feeds, calendars and exports never come from an untrusted Host (issue 18,
// finding 6). With BASE_URL unset (as here), a request's own host is used only when it
// names this machine (localhost, a loopback or local address, the host name), otherwise
// http://localhost:PORT; X-Forwarded-* are ignored unless TRUST_PROXY=1 (which needs
// BASE_URL). The Atom feed and the schedule are publicly cached for five minutes.
import { describe, expect, it } from "vitest";
import { createNote } from "~/notes/create-note.server";
import { placeSession } from "~/schedule/placement.server";
import { getEnv } from "~/utils/env.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { asActor, makeUnconference, propose } from "../schedule/helpers";
import { rawRequest } from "./raw-http";

const server = await startTestServer();
const self = `127.0.0.1:${server.port}`;
const fallback = `http://localhost:${getEnv().PORT}`;
const FORGED = { Host: "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" };
const FORWARDED_ONLY = { Host: self, "X-Forwarded-Host": "evil.example:6666", "X-Forwarded-Proto": "https" };

/** The origins of every absolute link to the app's pages (/notes…, /events…) in a text. */
const originsIn = (text: string) => [...new Set([...text.matchAll(/(https?:\/\/[^/\s"<>]+)\/(?:notes|events)\b/g)].map((m) => m[1]))];

async function scheduleWithOneSession() {
  const { event, organiser, attendees, rooms, slots } = await makeUnconference({ attendees: 1 });
  const session = propose(event, attendees[0], "Links from the host");
  placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.big.id, slotId: slots.ten.id });
  return { event, attendee: attendees[0] };
}

describe("the Atom feed of public notes (publicly cached)", () => {
  it("names no forged Host or X-Forwarded-Host, and links to this server instead", async () => {
    const author = await makeUser();
    createNote({ eventId: makeEvent().id, authorIds: [author.id], title: "A public note", body: "Shared.", visibility: "public" });
    const forged = await rawRequest(server.url, "/notes/feed.xml", FORGED);
    expect(forged.status).toBe(200);
    expect(forged.headers["cache-control"]).toContain("public");
    expect(forged.body).toContain("A public note");
    expect(forged.body).not.toContain("evil.example");
    expect(originsIn(forged.body)).toEqual([fallback]);
  });

  it("uses the machine's own address it was asked on, whatever X-Forwarded-Host and -Proto say", async () => {
    const asked = await rawRequest(server.url, "/notes/feed.xml", FORWARDED_ONLY);
    expect(asked.status).toBe(200);
    expect(originsIn(asked.body)).toEqual([`http://${self}`]);
    const local = await rawRequest(server.url, "/notes/feed.xml", { Host: `localhost:${server.port}` });
    expect(originsIn(local.body)).toEqual([`http://localhost:${server.port}`]);
  });
});

describe("calendar feeds and the agenda link", () => {
  it("the schedule feed (publicly cached) links sessions on this server, not on a forged host", async () => {
    const { event } = await scheduleWithOneSession();
    const forged = await rawRequest(server.url, `/events/${event.slug}/schedule.ics`, FORGED);
    expect(forged.status).toBe(200);
    expect(forged.body).toContain("Links from the host");
    expect(forged.body).not.toContain("evil.example");
    expect(originsIn(forged.body)).toEqual([fallback]);
    const forwarded = await rawRequest(server.url, `/events/${event.slug}/schedule.ics`, FORWARDED_ONLY);
    expect(originsIn(forwarded.body)).toEqual([`http://${self}`]);
  });

  it("the private agenda feed link handed out on the page does not point at a forged host", async () => {
    const { event, attendee } = await scheduleWithOneSession();
    const cookie = await sessionCookieFor(attendee.id);
    // Origin equal to the forged Host passes the same-origin check: the host is the attacker's.
    const created = await rawRequest(
      server.url,
      `/events/${event.slug}/agenda`,
      { ...FORGED, Origin: "http://evil.example", Cookie: cookie },
      { intent: "create-feed" },
    );
    expect(created.status).toBe(200);
    const link = /value="(http[^"]+agenda\.ics\?token=[^"]+)"/.exec(created.body)?.[1];
    expect(link).toBeDefined();
    expect(new URL(link!).origin).toBe(fallback);
    expect(created.body).not.toContain("evil.example");
  });
});

describe("the notes export (notes.md)", () => {
  it("names this server, not a forged host", async () => {
    const event = makeEvent();
    const author = await makeUser();
    createNote({ eventId: event.id, authorIds: [author.id], title: "Exported note", body: "Text.", visibility: "public" });
    const forged = await rawRequest(server.url, `/events/${event.slug}/notes.md`, FORGED);
    expect(forged.status).toBe(200);
    expect(forged.body).toContain("Exported note");
    expect(forged.body).not.toContain("evil.example");
    expect(originsIn(forged.body)).toEqual([fallback]);
  });
});
