// Security review, 7 Dec 2026: the organisers' digest of new requests (issue 17.5) names the
// people asking for a seat, so it goes to that event's organisers only: not to another
// event's organisers (with requests of their own at the same time), not to admins, not to
// the people asking. Requests come through the real registration rule.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { outbox } from "#db/schema";
import { DIGEST_KIND, queueRequestDigests } from "~/events/dashboard-digest.server";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeUser } from "../helpers/factories";

const digestsTo = (email: string) =>
  getDb()
    .select()
    .from(outbox)
    .where(eq(outbox.toEmail, email))
    .all()
    .filter((m) => m.kind === DIGEST_KIND);

describe("the digest of new requests", () => {
  it("reaches only the organisers of the event the requests are for", async () => {
    const [olu, oda] = [await makeUser({ name: "Olu Owner" }), await makeUser({ name: "Oda Other" })];
    const ours = makeEvent({ title: "Our exchange", organiserIds: [olu.id] });
    const theirs = makeEvent({ title: "Their exchange", organiserIds: [oda.id] });
    const [ann, bob] = [await makeUser({ name: "Ann Asker" }), await makeUser({ name: "Bob Asker" })];
    const now = new Date();
    expect(registerForEvent({ eventId: ours.id, userId: ann.id, answers: {}, consent: true, now }).registration.status).toBe("pending");
    expect(registerForEvent({ eventId: theirs.id, userId: bob.id, answers: {}, consent: true, now }).registration.status).toBe("pending");

    const queued = queueRequestDigests(new Date(now.getTime() + 60_000));
    expect(queued).toMatchObject({ [ours.id]: 1, [theirs.id]: 1 });
    const [toOlu] = digestsTo(olu.email!);
    const [toOda] = digestsTo(oda.email!);
    expect(toOlu).toMatchObject({ eventId: ours.id, subject: "1 new request to review: Our exchange" });
    expect(toOlu.textBody).toContain("- Ann Asker");
    expect(toOlu.textBody).not.toContain("Bob Asker");
    expect(toOda).toMatchObject({ eventId: theirs.id });
    expect(toOda.textBody).toContain("- Bob Asker");
    expect(toOda.textBody).not.toContain("Ann Asker");
    expect(digestsTo(olu.email!)).toHaveLength(1);
    expect(digestsTo(oda.email!)).toHaveLength(1);
    for (const asker of [ann, bob]) expect(digestsTo(asker.email!)).toEqual([]);
    expect(
      getDb()
        .select()
        .from(outbox)
        .all()
        .filter((m) => m.kind === DIGEST_KIND)
        .map((m) => m.toEmail)
        .sort(),
    ).toEqual([olu.email, oda.email].sort());
  });
});
