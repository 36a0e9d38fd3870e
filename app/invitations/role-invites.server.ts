// Roles offered to an e-mail address (ADR 019): an event's co-organiser, a note's co-author.
// The address may have no account yet. The role becomes the person's once an account with
// this address is *verified* (at once when it already is): `acceptRoleInvitesFor` runs at
// verification. An address alone, unproven, is never enough.
import { and, eq, isNull } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { eventOrganisers, noteAuthors, roleInvites, users, type Event } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { queueEmail } from "~/outbox/outbox.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { conflict } from "~/utils/errors.server";

type Actor = { id: number; name: string; ip?: string | null };
type Kind = (typeof roleInvites.$inferSelect)["kind"];

const appUrl = (path: string) => new URL(path, publicOrigin()).toString();

function verifiedAccount(db: Db, email: string) {
  return db
    .select({ id: users.id, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .get();
}

function grant(tx: Db, invite: { kind: Kind; eventId: number | null; noteId: number | null }, userId: number) {
  if (invite.kind === "co_organiser" && invite.eventId) {
    tx.insert(eventOrganisers).values({ eventId: invite.eventId, userId, role: "organiser" }).onConflictDoNothing().run();
  } else if (invite.kind === "co_author" && invite.noteId) {
    tx.insert(noteAuthors).values({ noteId: invite.noteId, userId }).onConflictDoNothing().run();
  }
}

function offer(
  input: { kind: Kind; email: string; eventId: number; noteId?: number; role: string; what: string; path: string },
  actor: Actor,
  holds: (tx: Db, userId: number) => boolean,
) {
  return writeTransaction(getDb(), (tx) => {
    const account = verifiedAccount(tx, input.email);
    if (account && holds(tx, account.id)) {
      throw conflict("Already has this role.", {
        email: [`${input.email} already ${input.kind === "co_organiser" ? "organises this event" : "is an author of this note"}.`],
      });
    }
    const pending = tx
      .select({ id: roleInvites.id })
      .from(roleInvites)
      .where(
        and(
          eq(roleInvites.kind, input.kind),
          eq(roleInvites.email, input.email),
          input.noteId ? eq(roleInvites.noteId, input.noteId) : eq(roleInvites.eventId, input.eventId),
          isNull(roleInvites.acceptedAt),
        ),
      )
      .get();
    if (pending) throw conflict("Already invited.", { email: [`${input.email} is already invited and has not accepted yet.`] });
    const now = new Date();
    const invite = tx
      .insert(roleInvites)
      .values({
        kind: input.kind,
        email: input.email,
        eventId: input.eventId,
        noteId: input.noteId ?? null,
        invitedById: actor.id,
        createdAt: now,
      })
      .returning()
      .get();
    const grantedNow = Boolean(account?.emailVerifiedAt);
    if (account && grantedNow) {
      grant(tx, invite, account.id);
      tx.update(roleInvites).set({ acceptedAt: now, acceptedById: account.id }).where(eq(roleInvites.id, invite.id)).run();
    }
    queueEmail(
      tx,
      {
        kind: `role_invite_${input.kind}`,
        toEmail: input.email,
        subject: `${actor.name} invited you as ${input.role} of ${input.what}`,
        textBody: grantedNow
          ? `${actor.name} made you ${input.role} of ${input.what} on Knowledge Exchange.\n\n${appUrl(input.path)}\n`
          : `${actor.name} invited you as ${input.role} of ${input.what} on Knowledge Exchange.\n\nSign up (or log in) with this address, ${input.email}, and confirm it through the link we send you: the role is yours as soon as the address is confirmed.\n\n${appUrl(`/signup?redirectTo=${encodeURIComponent(input.path)}`)}\n`,
        eventId: input.eventId,
        userId: account?.id ?? null,
      },
      now,
    );
    recordAudit(
      {
        actorId: actor.id,
        eventId: input.eventId,
        action: `role-invite.${input.kind}`,
        targetType: input.noteId ? "note" : "event",
        targetId: input.noteId ?? input.eventId,
        ip: actor.ip,
        details: { email: input.email, grantedNow },
      },
      tx,
    );
    return { grantedNow };
  });
}

export function inviteCoOrganiser(input: { event: Pick<Event, "id" | "slug" | "title">; email: string }, actor: Actor) {
  return offer(
    {
      kind: "co_organiser",
      email: input.email,
      eventId: input.event.id,
      role: "a co-organiser",
      what: `“${input.event.title}”`,
      path: `/events/${input.event.slug}`,
    },
    actor,
    (tx, userId) =>
      Boolean(
        tx
          .select()
          .from(eventOrganisers)
          .where(and(eq(eventOrganisers.eventId, input.event.id), eq(eventOrganisers.userId, userId)))
          .get(),
      ),
  );
}

export function inviteCoAuthor(input: { note: { id: number; eventId: number; title: string }; email: string }, actor: Actor) {
  return offer(
    {
      kind: "co_author",
      email: input.email,
      eventId: input.note.eventId,
      noteId: input.note.id,
      role: "a co-author",
      what: `the note “${input.note.title}”`,
      path: `/notes/${input.note.id}`,
    },
    actor,
    (tx, userId) =>
      Boolean(
        tx
          .select()
          .from(noteAuthors)
          .where(and(eq(noteAuthors.noteId, input.note.id), eq(noteAuthors.userId, userId)))
          .get(),
      ),
  );
}

/**
 * Grants every role still offered to `email` to `userId`. Call it when the address has just
 * been proven (verification success); it does nothing for an address nobody invited.
 */
export function acceptRoleInvitesFor(userId: number, email: string, db: Db = getDb()) {
  const address = email.trim().toLowerCase();
  return writeTransaction(db, (tx) => {
    const open = tx
      .select()
      .from(roleInvites)
      .where(and(eq(roleInvites.email, address), isNull(roleInvites.acceptedAt)))
      .all();
    const now = new Date();
    for (const invite of open) {
      grant(tx, invite, userId);
      tx.update(roleInvites).set({ acceptedAt: now, acceptedById: userId }).where(eq(roleInvites.id, invite.id)).run();
      recordAudit(
        {
          actorId: userId,
          eventId: invite.eventId,
          action: `role-invite.accept.${invite.kind}`,
          targetType: invite.noteId ? "note" : "event",
          targetId: invite.noteId ?? invite.eventId ?? undefined,
          details: { email: address, invitedById: invite.invitedById },
        },
        tx,
      );
    }
    return open.length;
  });
}

/** The open (not yet accepted) role offers of an event or a note, for its organisers/authors. */
export function listRoleInvites(filter: { eventId: number; kind: Kind } | { noteId: number }) {
  return getDb()
    .select({ id: roleInvites.id, email: roleInvites.email, acceptedAt: roleInvites.acceptedAt, createdAt: roleInvites.createdAt })
    .from(roleInvites)
    .where(
      "noteId" in filter
        ? eq(roleInvites.noteId, filter.noteId)
        : and(eq(roleInvites.eventId, filter.eventId), eq(roleInvites.kind, filter.kind)),
    )
    .all();
}
