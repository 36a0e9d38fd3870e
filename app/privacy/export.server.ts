// "Download my data": everything the app holds about one person, as one JSON document
// (GDPR art. 15/20). Secrets are left out on purpose: the password hash, session ids
// and feed-token hashes identify nothing for the person and would only help an attacker.
import { and, eq, inArray, or } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  agendaFeedTokens,
  auditLog,
  authSessions,
  boards,
  eventOrganisers,
  events,
  noteAuthors,
  noteRevisions,
  notes,
  noteTags,
  organisations,
  outbox,
  registrations,
  romanVotes,
  scheduleSessions,
  sessionHosts,
  stars,
  topics,
  users,
  votes,
} from "#db/schema";
import { withoutEmailLinks } from "~/accounts/email-tokens.server";
import { memberOrganisationId } from "~/accounts/membership.server";
import { canViewNote, viewerScope } from "~/notes/visibility.server";
import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";
import { answersForExport } from "~/registration/questions-answers.server";
import { notFound } from "~/utils/errors.server";

export const EXPORT_FORMAT = "knowledge-exchange/personal-data@1";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function exportUserData(userId: number, now = new Date()) {
  const db = getDb();
  // One read transaction, so the document is a consistent snapshot.
  return db.transaction(() => {
    const row = db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        jobRole: users.jobRole,
        organisation: organisations.name,
        createdAt: users.createdAt,
        updatedAt: users.updatedAt,
        isAdmin: users.isAdmin,
      })
      .from(users)
      .leftJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, userId))
      .get();
    if (!row?.email) throw notFound("This account no longer exists.");
    const { isAdmin, ...rest } = row;
    const account = { ...rest, email: row.email };

    const eventRef = { slug: events.slug, title: events.title };

    const myRegistrations = db
      .select({ r: registrations, event: eventRef })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(eq(registrations.userId, userId))
      .orderBy(registrations.createdAt)
      .all()
      .map(({ r, event }) => ({
        event,
        status: r.status,
        queuedAt: iso(r.queuedAt),
        answers: { jobRole: r.jobRole, topics: r.topics, dietary: r.dietary, accessibility: r.accessibility },
        questionAnswers: answersForExport(db, r.id),
        consent: { privacyNoticeVersion: r.consentVersion, givenAt: iso(r.consentAt) },
        checkedInAt: iso(r.checkedInAt),
        cancelledAt: iso(r.cancelledAt),
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
      }));

    const myTopics = db
      .select({ t: topics, board: boards.title, event: eventRef })
      .from(topics)
      .innerJoin(boards, eq(boards.id, topics.boardId))
      .innerJoin(events, eq(events.id, boards.eventId))
      .where(eq(topics.authorId, userId))
      .orderBy(topics.createdAt)
      .all()
      .map(({ t, board, event }) => ({
        id: t.id,
        event,
        board,
        title: t.title,
        description: t.description,
        status: t.status,
        createdAt: iso(t.createdAt),
        updatedAt: iso(t.updatedAt),
      }));

    const myVotes = db
      .select({ topicId: votes.topicId, topic: topics.title, board: boards.title, event: eventRef, createdAt: votes.createdAt })
      .from(votes)
      .innerJoin(topics, eq(topics.id, votes.topicId))
      .innerJoin(boards, eq(boards.id, votes.boardId))
      .innerJoin(events, eq(events.id, boards.eventId))
      .where(eq(votes.userId, userId))
      .orderBy(votes.createdAt)
      .all()
      .map((v) => ({ ...v, createdAt: iso(v.createdAt) }));

    const myRomanVotes = db
      .select({
        topicId: romanVotes.topicId,
        topic: topics.title,
        round: romanVotes.round,
        value: romanVotes.value,
        createdAt: romanVotes.createdAt,
      })
      .from(romanVotes)
      .innerJoin(topics, eq(topics.id, romanVotes.topicId))
      .where(eq(romanVotes.userId, userId))
      .all()
      .map((v) => ({ ...v, createdAt: iso(v.createdAt) }));

    const myStars = db
      .select({ sessionId: stars.sessionId, session: scheduleSessions.title, event: eventRef, createdAt: stars.createdAt })
      .from(stars)
      .innerJoin(scheduleSessions, eq(scheduleSessions.id, stars.sessionId))
      .innerJoin(events, eq(events.id, scheduleSessions.eventId))
      .where(eq(stars.userId, userId))
      .all()
      .map((s) => ({ ...s, createdAt: iso(s.createdAt) }));

    const hostedIds = db
      .select({ id: sessionHosts.sessionId })
      .from(sessionHosts)
      .where(eq(sessionHosts.userId, userId))
      .all()
      .map((r) => r.id);
    const mySessions = db
      .select({ s: scheduleSessions, event: eventRef })
      .from(scheduleSessions)
      .innerJoin(events, eq(events.id, scheduleSessions.eventId))
      .where(
        hostedIds.length
          ? or(eq(scheduleSessions.proposedById, userId), inArray(scheduleSessions.id, hostedIds))
          : eq(scheduleSessions.proposedById, userId),
      )
      .all()
      .map(({ s, event }) => ({
        id: s.id,
        event,
        title: s.title,
        abstract: s.abstract,
        format: s.format,
        status: s.status,
        proposedByYou: s.proposedById === userId,
        hostedByYou: hostedIds.includes(s.id),
        createdAt: iso(s.createdAt),
        updatedAt: iso(s.updatedAt),
      }));

    const authoredIds = db
      .select({ id: noteAuthors.noteId })
      .from(noteAuthors)
      .where(eq(noteAuthors.userId, userId))
      .all()
      .map((r) => r.id);
    const readerScope = viewerScope({ id: userId, isAdmin, memberOrganisationId: memberOrganisationId(userId, db) }, db);
    const myNotes = db
      .select({ n: notes, event: eventRef })
      .from(notes)
      .innerJoin(events, eq(events.id, notes.eventId))
      .where(authoredIds.length ? or(eq(notes.createdById, userId), inArray(notes.id, authoredIds)) : eq(notes.createdById, userId))
      .orderBy(notes.createdAt)
      .all()
      // Only notes they may read now: one who created a note and was later removed as its
      // co-author gets what they wrote through noteRevisions below, not the note as others
      // made it since (issue 18, finding 5).
      .filter(({ n }) => canViewNote(n, readerScope, authoredIds.includes(n.id)))
      .map(({ n, event }) => ({
        id: n.id,
        event,
        title: n.title,
        body: n.body,
        visibility: n.visibility,
        version: n.version,
        createdByYou: n.createdById === userId,
        coAuthor: authoredIds.includes(n.id),
        tags: db
          .select({ tag: noteTags.tag })
          .from(noteTags)
          .where(eq(noteTags.noteId, n.id))
          .all()
          .map((t) => t.tag),
        createdAt: iso(n.createdAt),
        updatedAt: iso(n.updatedAt),
      }));

    const myRevisions = db
      .select({
        noteId: noteRevisions.noteId,
        version: noteRevisions.version,
        title: noteRevisions.title,
        body: noteRevisions.body,
        createdAt: noteRevisions.createdAt,
      })
      .from(noteRevisions)
      .where(eq(noteRevisions.editedById, userId))
      .orderBy(noteRevisions.createdAt)
      .all()
      .map((r) => ({ ...r, createdAt: iso(r.createdAt) }));

    const organising = db
      .select({ event: eventRef, role: eventOrganisers.role })
      .from(eventOrganisers)
      .innerJoin(events, eq(events.id, eventOrganisers.eventId))
      .where(eq(eventOrganisers.userId, userId))
      .all();

    const loginSessions = db
      .select({
        createdAt: authSessions.createdAt,
        lastSeenAt: authSessions.lastSeenAt,
        expiresAt: authSessions.expiresAt,
        userAgent: authSessions.userAgent,
        ip: authSessions.ip,
      })
      .from(authSessions)
      .where(eq(authSessions.userId, userId))
      .all()
      .map((s) => ({ ...s, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) }));

    const calendarFeeds = db
      .select({ event: eventRef, createdAt: agendaFeedTokens.createdAt, revokedAt: agendaFeedTokens.revokedAt })
      .from(agendaFeedTokens)
      .innerJoin(events, eq(events.id, agendaFeedTokens.eventId))
      .where(eq(agendaFeedTokens.userId, userId))
      .all()
      .map((f) => ({ ...f, createdAt: iso(f.createdAt), revokedAt: iso(f.revokedAt) }));

    const emails = db
      .select({
        kind: outbox.kind,
        subject: outbox.subject,
        body: outbox.textBody,
        status: outbox.status,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
      })
      .from(outbox)
      .where(or(eq(outbox.userId, userId), eq(outbox.toEmail, account.email)))
      .orderBy(outbox.createdAt)
      .all()
      .map((m) => ({ ...m, body: withoutEmailLinks(m.body), createdAt: iso(m.createdAt), sentAt: iso(m.sentAt) }));

    const actions = db
      .select({
        at: auditLog.at,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        ip: auditLog.ip,
        eventId: auditLog.eventId,
      })
      .from(auditLog)
      .where(and(eq(auditLog.actorId, userId)))
      .orderBy(auditLog.at)
      .all()
      .map((a) => ({ ...a, at: iso(a.at) }));

    return {
      format: EXPORT_FORMAT,
      exportedAt: now.toISOString(),
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      account: { ...account, createdAt: iso(account.createdAt), updatedAt: iso(account.updatedAt) },
      registrations: myRegistrations,
      topics: myTopics,
      votes: myVotes,
      romanVotes: myRomanVotes,
      stars: myStars,
      sessions: mySessions,
      notes: myNotes,
      noteRevisions: myRevisions,
      organising,
      loginSessions,
      calendarFeeds,
      emails,
      auditedActions: actions,
    };
  });
}

export type PersonalDataExport = ReturnType<typeof exportUserData>;
