// The board summary states who may read each topic's takeaways, correctly for the viewer
// (issue 17.7): readable ones say who they are shared with, hidden ones say for whom they
// were recorded and that the viewer is not among them — never a wrong audience.
import { describe, expect, it } from "vitest";
import { createBoard, setPhase } from "~/board/boards.server";
import { finishTopic, startTopic } from "~/board/discussion.server";
import { proposeTopic } from "~/board/topics.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeNotesWorld } from "./helpers";

const server = await startTestServer();

/** The visible text of the summary's list item for one topic. */
function topicText(html: string, title: string) {
  const item = html.split("<li").find((part) => part.includes(`. ${title}</h3>`) || part.includes(`. <!-- -->${title}</h3>`));
  if (!item) throw new Error(`no list item for ${title}`);
  return item
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");
}

describe("board summary: who may read the takeaways", () => {
  it("tells every role the truth about each note's visibility", async () => {
    const w = await makeNotesWorld({ format: "lean_coffee" });
    const board = createBoard(w.event.id, { id: w.organiser.id });
    const facilitator = { id: w.organiser.id };
    const audiences = ["public", "attendees", "partners"] as const;
    const topics = audiences.map((visibility) => ({
      visibility,
      topic: proposeTopic(board.id, { id: w.attendee.id }, { title: `Topic for ${visibility}` }),
    }));
    setPhase(board.id, "discuss", facilitator);
    for (const { topic, visibility } of topics) {
      startTopic(board.id, topic.id, facilitator);
      finishTopic(board.id, topic.id, facilitator, { takeaways: `Secret-free words for ${visibility}`, visibility });
    }

    const shared = {
      public: "Shared with everyone (public).",
      attendees: "Shared with the attendees of this event.",
      partners: "Shared with members of the partner organisations.",
    };
    const hidden = {
      public: "",
      attendees: "Takeaways recorded for the attendees of this event only; not shared with you.",
      partners: "Takeaways recorded for members of the partner organisations only; not shared with you.",
    };
    const roles: { name: string; cookie?: string; reads: (typeof audiences)[number][] }[] = [
      { name: "visitor", reads: ["public"] },
      { name: "outsider", cookie: await sessionCookieFor(w.outsider.id), reads: ["public"] },
      { name: "attendee", cookie: await sessionCookieFor(w.attendee.id), reads: ["public", "attendees"] },
      { name: "partner member", cookie: await sessionCookieFor(w.partnerMember.id), reads: ["public", "partners"] },
      { name: "organiser", cookie: await sessionCookieFor(w.organiser.id), reads: ["public", "attendees", "partners"] },
    ];
    for (const role of roles) {
      const html = await (await client(server.url, role.cookie).get(`/events/${w.event.slug}/boards/${board.id}/summary`)).text();
      for (const visibility of audiences) {
        const text = topicText(html, `Topic for ${visibility}`);
        const reads = role.reads.includes(visibility);
        const where = `${role.name} / ${visibility}`;
        expect(text, where).toContain(reads ? shared[visibility] : hidden[visibility]);
        expect(text.includes(`Secret-free words for ${visibility}`), where).toBe(reads);
        // Never another audience's statement.
        for (const other of audiences.filter((v) => v !== visibility)) {
          expect(text, where).not.toContain(shared[other]);
          if (hidden[other]) expect(text, where).not.toContain(hidden[other]);
        }
      }
    }
  });
});
