// An organisation id no organisation has matches nobody, in a message's recipients and in
// the attendee search. The SQL text these filters replaced (issue 15.3) used 0 for "no
// organisation" inside the query, so `org=0` found the people without one while the
// message's audience said "an organisation".
import { describe, expect, it } from "vitest";
import { previewRecipients } from "~/messages/send.server";
import { listAttendees } from "~/registration/attendees.server";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeUser } from "../helpers/factories";

describe("organisation id 0", () => {
  it("finds nobody, while 'none' finds the people without an organisation", async () => {
    const event = makeEvent({ capacity: 5 });
    const dora = await makeUser({ name: "Dora Nobody", email: `dora-${Date.now()}@outside.example` });
    registerForEvent({ eventId: event.id, userId: dora.id, answers: {}, consent: true });

    expect(previewRecipients(event.id, { states: ["confirmed", "pending"], organisation: "none" }).names).toEqual(["Dora Nobody"]);
    expect(previewRecipients(event.id, { states: ["confirmed", "pending"], organisation: 0 })).toEqual({ count: 0, names: [] });

    expect(listAttendees(event.id, { organisation: "none", q: "dora" }).rows.map((r) => r.name)).toEqual(["Dora Nobody"]);
    const searched = listAttendees(event.id, { organisation: 0, q: "dora" });
    expect(searched.rows).toEqual([]);
    expect(searched.matching).toBe(0);
  });
});
