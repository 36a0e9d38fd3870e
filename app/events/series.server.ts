// Series pages (issue 14.5): every installment of a series the viewer may see, with its
// partners and attendance (counts only), the topics discussed on its boards, the
// sessions held, and the series' notes through the archive's own search (so note
// visibility is exactly the rule of /notes).
//
// Who sees what: drafts only for their organisers (and admins), like event pages; dot
// counts only from boards that show their tallies to everyone (`talliesArePublic`);
// attendance as numbers per organisation, never names.
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb, type Db } from "#db/client";
import { boards, eventOrganisers, events, topics, votes, type Event } from "#db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { talliesArePublic } from "~/board/access.server";
import { getPartners } from "~/events/events.server";
import { seriesSlug } from "~/events/series";
import { parseNoteSearch } from "~/notes/note-schema";
import { searchNotes } from "~/notes/search.server";
import { attendeeCounts } from "~/registration/attendees.server";
import { loadSessions } from "~/schedule/sessions.server";
import { notFound } from "~/utils/errors.server";

type Viewer = SessionUser | null;

const installmentColumns = {
  id: events.id,
  slug: events.slug,
  title: events.title,
  series: events.series,
  status: events.status,
  format: events.format,
  timeZone: events.timeZone,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  venue: events.venue,
};
type InstallmentRow = Pick<Event, keyof typeof installmentColumns>;

/** Events in a series (all series when `names` is absent) the viewer may see, earliest first. */
function visibleSeriesEvents(viewer: Viewer, names?: string[], db: Db = getDb()): InstallmentRow[] {
  const rows = db
    .select(installmentColumns)
    .from(events)
    .where(names ? inArray(events.series, names) : isNotNull(events.series))
    .orderBy(asc(events.startsAt), asc(events.id))
    .all();
  if (viewer?.isAdmin) return rows;
  const mine = new Set(
    viewer
      ? db
          .select({ id: eventOrganisers.eventId })
          .from(eventOrganisers)
          .where(eq(eventOrganisers.userId, viewer.id))
          .all()
          .map((r) => r.id)
      : [],
  );
  return rows.filter((r) => r.status !== "draft" || mine.has(r.id));
}

/** The series names that share this address. */
function namesForSlug(slug: string, db: Db = getDb()) {
  return db
    .selectDistinct({ series: events.series })
    .from(events)
    .where(isNotNull(events.series))
    .all()
    .map((r) => r.series!)
    .filter((name) => seriesSlug(name) === slug);
}

export type SeriesSummary = { slug: string; name: string; installments: number; latestStartsAt: string };

/** Every series with an installment the viewer may see, the most recently active first. */
export function listSeries(viewer: Viewer): SeriesSummary[] {
  const bySlug = new Map<string, SeriesSummary>();
  for (const event of visibleSeriesEvents(viewer)) {
    const slug = seriesSlug(event.series);
    if (!slug) continue;
    const entry = bySlug.get(slug);
    // Rows come earliest first: the latest installment's spelling names the series.
    bySlug.set(slug, {
      slug,
      name: event.series!,
      installments: (entry?.installments ?? 0) + 1,
      latestStartsAt: event.startsAt.toISOString(),
    });
  }
  return [...bySlug.values()].sort((a, b) => b.latestStartsAt.localeCompare(a.latestStartsAt));
}

/** Discussed topics of these events' boards, with dots (when public) and how often each came back. */
function discussedTopics(eventIds: number[], db: Db) {
  if (eventIds.length === 0) return [];
  const rows = db
    .select({
      id: topics.id,
      title: topics.title,
      eventId: boards.eventId,
      hideTallies: boards.hideTallies,
      phase: boards.phase,
      finishedAt: topics.finishedAt,
      dots: sql<number>`(select count(*) from ${votes} where ${votes.topicId} = ${topics.id})`,
    })
    .from(topics)
    .innerJoin(boards, eq(boards.id, topics.boardId))
    .where(and(inArray(boards.eventId, eventIds), eq(topics.status, "discussed")))
    .orderBy(asc(topics.finishedAt), asc(topics.id))
    .all();
  const cameBack = new Map(
    rows.length
      ? // Each step follows carriedFromId one board back; a link to a topic that is gone still counts.
        db
          .all<{ id: number; times: number }>(
            sql`WITH RECURSIVE chain(id, from_id, hops) AS (
                  SELECT id, carried_from_id, 0 FROM topics WHERE id IN (SELECT value FROM json_each(${JSON.stringify(rows.map((r) => r.id))}))
                  UNION ALL
                  SELECT chain.id, t.carried_from_id, chain.hops + 1 FROM chain JOIN topics t ON t.id = chain.from_id WHERE chain.hops < 100
                )
                SELECT id, count(from_id) AS times FROM chain GROUP BY id`,
          )
          .map((r) => [r.id, Number(r.times)])
      : [],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    eventId: r.eventId,
    // Never a count from a board whose tallies are still hidden.
    dots: talliesArePublic(r) ? Number(r.dots) : null,
    cameBack: cameBack.get(r.id) ?? 0,
  }));
}

function heldSessions(installments: InstallmentRow[]) {
  return installments
    .filter((e) => e.status !== "cancelled")
    .flatMap((event) =>
      loadSessions(event.id)
        .filter((s) => s.status === "accepted" && s.slot && s.room)
        .sort((a, b) => a.slot!.startsAt.getTime() - b.slot!.startsAt.getTime())
        .map((s) => ({
          id: s.id,
          title: s.title,
          format: s.format,
          eventId: event.id,
          startsAt: s.slot!.startsAt.toISOString(),
          endsAt: s.slot!.endsAt.toISOString(),
          room: s.room!.name,
        })),
    );
}

function attendance(eventId: number) {
  const counts = attendeeCounts(eventId);
  return {
    confirmed: counts.counts.confirmed,
    checkedIn: counts.checkedIn,
    // Numbers per organisation only: no person is named on this page.
    organisations: counts.organisations.filter((o) => o.counts.confirmed > 0).map((o) => ({ name: o.name, confirmed: o.counts.confirmed })),
  };
}

/** Everything the series page shows to this viewer; 404 when the viewer may see no installment. */
export function seriesOverview(slug: string, viewer: Viewer, now = new Date()) {
  const db = getDb();
  const names = namesForSlug(slug, db);
  const installments = names.length ? visibleSeriesEvents(viewer, names, db) : [];
  if (installments.length === 0) throw notFound("No series has this address.");
  const name = installments[installments.length - 1].series!;
  const notes = searchNotes(parseNoteSearch(new URLSearchParams({ series: name, sort: "newest" })), viewer, { db, pageSize: 10 });
  return {
    slug,
    name,
    /** More than one spelling: the notes search (by exact name) finds only `name`'s notes. */
    spellings: [...new Set(installments.map((e) => e.series!))],
    installments: installments.map((e) => ({
      slug: e.slug,
      title: e.title,
      status: e.status,
      format: e.format,
      timeZone: e.timeZone,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      venue: e.venue,
      isPast: e.endsAt.getTime() < now.getTime(),
      partners: getPartners(e.id).map((p) => p.name),
      attendance: attendance(e.id),
      id: e.id,
    })),
    topics: discussedTopics(
      installments.map((e) => e.id),
      db,
    ),
    sessions: heldSessions(installments),
    notes: { results: notes.results, total: notes.total, totalIsCapped: notes.totalIsCapped },
  };
}

export type SeriesOverview = ReturnType<typeof seriesOverview>;
