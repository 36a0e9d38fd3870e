// Issue 18, finding 7: /notes?author=<id> names the author only when the viewer may read
// a note of theirs; for anyone else (someone with only a pending registration, a note
// the viewer may not read) it behaves as if there were no such author.
import { describe, expect, it } from "vitest";
import { createNote } from "~/notes/create-note.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { register } from "../privacy/fixtures";
import { confirm } from "./helpers";

const server = await startTestServer();

describe("the author filter of /notes", () => {
  it("does not reveal the name of someone who only has a pending registration", async () => {
    const pending = await makeUser({ name: "Pending Pat" });
    const event = makeEvent();
    register(event.id, pending.id, "pending");
    const res = await client(server.url).get(`/notes?author=${pending.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("Pending Pat");
    expect(html).not.toContain("Author:");
  });

  it("names an author only to viewers who may read one of their notes", async () => {
    const hal = await makeUser({ name: "Hidden Hal" });
    const reader = await makeUser();
    const event = makeEvent();
    confirm(event.id, hal.id);
    confirm(event.id, reader.id);
    createNote({ eventId: event.id, title: "Attendees only", body: "x", authorIds: [hal.id], visibility: "attendees" });

    expect(await (await client(server.url).get(`/notes?author=${hal.id}`)).text()).not.toContain("Hidden Hal");
    const signedIn = client(server.url, await sessionCookieFor(reader.id));
    expect(await (await signedIn.get(`/notes?author=${hal.id}`)).text()).toMatch(/Author: (<!-- -->)?Hidden Hal/);

    const ann = await makeUser({ name: "Ann Author" });
    createNote({ eventId: event.id, title: "Public write-up", body: "y", authorIds: [ann.id], visibility: "public" });
    expect(await (await client(server.url).get(`/notes?author=${ann.id}`)).text()).toMatch(/Author: (<!-- -->)?Ann Author/);
  });
});
