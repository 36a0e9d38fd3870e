// Organisers' invitation links for one event (ADR 019). The URL carries a random token;
// only its SHA-256 is stored, so the link is shown once. A link works until it expires,
// is revoked or has been used `maxUses` times; a use is counted by one conditional UPDATE
// inside the registration's BEGIN IMMEDIATE transaction, so parallel uses never exceed it.
import crypto from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { events, invitations, invitationUses, type Event, type InvitationPurpose } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { DomainError, invalid, notFound, toResponse } from "~/utils/errors.server";
import { invitationTokenSchema } from "./invitation-schema";

const DAY = 24 * 60 * 60 * 1000;
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export type Invitation = typeof invitations.$inferSelect;

// A link sent at the door to one walk-in (app/registration/walk-in-links.server.ts) has the
// purpose "walk_in", set only by that code: it opens a closed registration until the event
// ends (the organiser, who may add walk-ins after registration closed, decided). A link made
// on the Invitations page is always an "invitation", whatever its label says.
export const walkInLinkLabel = (email: string) => `Walk-in at the door: ${email}`;
export const isWalkInLink = (invitation: Pick<Invitation, "purpose">) => invitation.purpose === "walk_in";

/** 410 Gone: the link existed and no longer works. */
const gone = (why: string) => new DomainError(why, 410);

export function createInvitation(
  input: {
    event: Pick<Event, "id">;
    purpose: InvitationPurpose;
    label: string;
    maxUses: number;
    validDays: number;
    skipApproval: boolean;
  },
  actor: { id: number; ip?: string | null },
  now = new Date(),
) {
  const token = crypto.randomBytes(32).toString("base64url");
  const invitation = writeTransaction(getDb(), (tx) => {
    const row = tx
      .insert(invitations)
      .values({
        eventId: input.event.id,
        tokenHash: hashToken(token),
        purpose: input.purpose,
        label: input.label,
        maxUses: input.maxUses,
        skipApproval: input.skipApproval,
        expiresAt: new Date(now.getTime() + input.validDays * DAY),
        createdById: actor.id,
        createdAt: now,
      })
      .returning()
      .get();
    recordAudit(
      {
        actorId: actor.id,
        eventId: input.event.id,
        action: "invitation.create",
        targetType: "invitation",
        targetId: row.id,
        ip: actor.ip,
        details: {
          purpose: row.purpose,
          label: row.label,
          maxUses: row.maxUses,
          expiresAt: row.expiresAt.toISOString(),
          skipApproval: row.skipApproval,
        },
      },
      tx,
    );
    return row;
  });
  return { invitation, token };
}

export type InvitationState = "active" | "expired" | "used up" | "revoked";

export function invitationState(
  invitation: Pick<Invitation, "revokedAt" | "expiresAt" | "uses" | "maxUses">,
  now = new Date(),
): InvitationState {
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  if (invitation.uses >= invitation.maxUses) return "used up";
  return "active";
}

const GONE_MESSAGE: Record<Exclude<InvitationState, "active">, string> = {
  expired: "This invitation link has expired. Ask the organisers for a new one.",
  "used up": "This invitation link has been used as many times as it allows. Ask the organisers for a new one.",
  revoked: "This invitation link was withdrawn by the organisers. Ask them for a new one.",
};

/**
 * The invitation a token stands for, when it still works (for `eventId`, when given):
 * a malformed or unknown token is 404, an expired, used-up or revoked one 410. Reads only.
 */
export function findUsableInvitation(token: string, eventId?: number, now = new Date(), db: Db = getDb()): Invitation {
  const invitation = invitationTokenSchema.safeParse(token).success
    ? db
        .select()
        .from(invitations)
        .where(eq(invitations.tokenHash, hashToken(token)))
        .get()
    : undefined;
  if (!invitation || (eventId !== undefined && invitation.eventId !== eventId)) {
    throw notFound("This invitation link is not valid. Check that you copied all of it.");
  }
  const state = invitationState(invitation, now);
  if (state !== "active") throw gone(GONE_MESSAGE[state]);
  return invitation;
}

/**
 * Counts one use of the link by `userId`, inside the caller's write transaction: checked
 * and counted in one conditional UPDATE (never more than maxUses, even in parallel). The
 * same person registering again through the same link (after cancelling) is not a new use.
 */
export function countInvitationUse(
  tx: Db,
  input: { token: string; eventId: number; userId: number; ip?: string | null },
  now = new Date(),
): Invitation {
  const invitation = findUsableInvitation(input.token, input.eventId, now, tx);
  const usedBefore = tx
    .select({ userId: invitationUses.userId })
    .from(invitationUses)
    .where(and(eq(invitationUses.invitationId, invitation.id), eq(invitationUses.userId, input.userId)))
    .get();
  if (usedBefore) return invitation;
  const counted = tx
    .update(invitations)
    .set({ uses: sql`${invitations.uses} + 1` })
    .where(
      and(
        eq(invitations.id, invitation.id),
        lt(invitations.uses, invitations.maxUses),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .run().changes;
  if (!counted) throw gone(GONE_MESSAGE["used up"]);
  tx.insert(invitationUses).values({ invitationId: invitation.id, userId: input.userId, usedAt: now }).run();
  recordAudit(
    {
      actorId: input.userId,
      eventId: input.eventId,
      action: "invitation.use",
      targetType: "invitation",
      targetId: invitation.id,
      ip: input.ip,
      details: { label: invitation.label },
    },
    tx,
  );
  return { ...invitation, uses: invitation.uses + 1 };
}

export function revokeInvitation(
  input: { event: Pick<Event, "id">; invitationId: number; confirmed: boolean },
  actor: { id: number; ip?: string | null },
  now = new Date(),
) {
  return writeTransaction(getDb(), (tx) => {
    const invitation = tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, input.invitationId), eq(invitations.eventId, input.event.id)))
      .get();
    if (!invitation) throw notFound("No such invitation link for this event.");
    if (invitation.revokedAt) return invitation;
    // Revoking cannot be undone: the organiser confirms, having been told what it affects.
    if (!input.confirmed) {
      const message = "Tick “Yes, revoke this link” first: revoking cannot be undone.";
      throw invalid(message, { confirm: [message] });
    }
    tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, invitation.id)).run();
    recordAudit(
      {
        actorId: actor.id,
        eventId: input.event.id,
        action: "invitation.revoke",
        targetType: "invitation",
        targetId: invitation.id,
        ip: actor.ip,
        details: { label: invitation.label, uses: invitation.uses },
      },
      tx,
    );
    return invitation;
  });
}

/**
 * The invitation named by a page's `?invite=` parameter, for the registration page: null
 * without one; a dead or unknown link throws its 410 or 404 page, before anything is written.
 */
export function invitationFromUrl(request: Request, eventId: number) {
  const token = new URL(request.url).searchParams.get("invite");
  if (token === null) return null;
  try {
    const invitation = findUsableInvitation(token, eventId);
    return { token, label: invitation.label, skipApproval: invitation.skipApproval, walkIn: isWalkInLink(invitation) };
  } catch (error) {
    toResponse(error);
  }
}

/** Where `/invite/<token>` leads: the event's registration form with the invitation; else its 404/410 page. */
export function invitationRegisterUrl(token: string) {
  try {
    const invitation = findUsableInvitation(token);
    const event = getDb().select({ slug: events.slug }).from(events).where(eq(events.id, invitation.eventId)).get();
    if (!event) throw notFound("This invitation link is not valid.");
    return `/events/${event.slug}/register?invite=${encodeURIComponent(token)}`;
  } catch (error) {
    toResponse(error);
  }
}

export function listInvitations(eventId: number, now = new Date()) {
  return getDb()
    .select()
    .from(invitations)
    .where(eq(invitations.eventId, eventId))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .all()
    .map((i) => ({
      id: i.id,
      label: i.label,
      uses: i.uses,
      maxUses: i.maxUses,
      skipApproval: i.skipApproval,
      expiresAt: i.expiresAt,
      createdAt: i.createdAt,
      state: invitationState(i, now),
    }));
}
