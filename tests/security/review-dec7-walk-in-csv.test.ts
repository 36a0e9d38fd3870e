// Security review, 7 Dec 2026: a walk-in's name is typed at the door (issue 17.1) and ends
// up in the attendee CSV that organisers open in a spreadsheet. A name a spreadsheet would
// run as a formula (starting with = + - @, a tab or a carriage return) is defused there.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();

describe("walk-ins in the attendee CSV", () => {
  it("are formula-safe whatever name the organiser typed for them", async () => {
    const organiser = await makeUser({ name: "Olu Organiser" });
    const event = makeEvent({ organiserIds: [organiser.id] });
    const org = client(server.url, await sessionCookieFor(organiser.id));
    const names = ['=HYPERLINK("http://evil.example","Open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"];
    for (const [i, name] of names.entries()) {
      const added = await org.post(`/events/${event.slug}/attendees`, {
        intent: "walk-in",
        consent: "on",
        whenFull: "ask",
        name,
        email: `walk-${i}@door.example`,
      });
      expect(added.status).toBe(303);
    }
    const csv = await org.get(`/events/${event.slug}/attendees.csv`);
    expect(csv.status).toBe(200);
    const rows: Record<string, string>[] = parse(Buffer.from(await csv.arrayBuffer()), {
      bom: true,
      columns: true,
      skip_empty_lines: true,
    });
    const byEmail = new Map(rows.map((r) => [r["E-mail"], r.Name]));
    // The name schema trims the tab; what is stored starts with "=" and is defused like the rest.
    expect(names.map((_, i) => byEmail.get(`walk-${i}@door.example`))).toEqual([
      `'=HYPERLINK("http://evil.example","Open")`,
      "'+1+cmd|' /C calc'!A0",
      "'-2+3",
      "'@SUM(A1:A9)",
      "'=1+1",
    ]);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
