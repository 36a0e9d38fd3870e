// The register page's loader and action (app/routes/events.$slug.register.tsx), kept in one
// server module: the route module then imports one server file instead of sixteen, and the
// browser build, which replaces every server import with an empty chunk of its own, loads
// one file fewer for each (issue 16: a first visit on a phone under 150 kB).
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { getDb } from "#db/client";
import { createLoginSession, getSessionUser, redirectWithSession } from "~/accounts/session.server";
import { createUser } from "~/accounts/users.server";
import { clientIp } from "~/utils/client-ip.server";
import { getPartners } from "~/events/events.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { findUsableInvitation, invitationFromUrl, isWalkInLink } from "~/invitations/links.server";
import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";
import { countConfirmed } from "~/registration/attendance.server";
import { activeQuestions } from "~/registration/questions.server";
import { answersByRegistration } from "~/registration/questions-answers.server";
import { answersFromForm, registerFormSchema, type AnswerAudience } from "~/registration/questions-schema";
import {
  assertRegistrationOpen,
  cancelRegistration,
  getRegistration,
  isPartnerMember,
  registerForEvent,
  registrationWindow,
} from "~/registration/registrations.server";
import { registrationStanding } from "~/registration/standing.server";
import { formatDateTime, formatRange } from "~/utils/dates";
import { DomainError } from "~/utils/errors.server";
import { replyWithError } from "~/utils/action-reply.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";

/** The register page's data: the event, seats, the viewer's standing and registration, the questions. */
export async function loadRegisterPage(request: Request, slug: string | undefined) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(slug, user);
  const invitation = invitationFromUrl(request, event.id);
  const window = registrationWindow(event, new Date(), invitation);
  const registration = user ? getRegistration(event.id, user.id) : null;
  const confirmed = countConfirmed(event.id);
  return json({
    invitation,
    event: {
      slug: event.slug,
      title: event.title,
      when: formatRange(event.startsAt, event.endsAt, event.timeZone),
      venue: event.venue,
      capacity: event.capacity,
      isOver: event.endsAt.getTime() <= Date.now(),
      closesAt: window.open ? formatDateTime(window.closesAt, event.timeZone) : null,
    },
    window: window.open ? { open: true as const, message: "" } : { open: false as const, message: window.message },
    seats: { confirmed, left: Math.max(0, event.capacity - confirmed) },
    partners: getPartners(event.id).map((p) => p.name),
    viewer: user
      ? {
          name: user.name,
          email: user.email,
          organisationName: user.organisationName,
          jobRole: user.jobRole,
          standing: registrationStanding(event.id, user),
        }
      : null,
    registration: registration
      ? {
          status: registration.status,
          position: registration.position,
          jobRole: registration.jobRole,
          topics: registration.topics,
          dietary: registration.dietary,
          accessibility: registration.accessibility,
          consentVersion: registration.consentVersion,
          consentAt: formatDateTime(registration.consentAt, event.timeZone),
          checkedIn: Boolean(registration.checkedInAt),
          questionAnswers: answersByRegistration(getDb(), [registration.id]).get(registration.id) ?? [],
        }
      : null,
    privacyVersion: PRIVACY_NOTICE_VERSION,
    questions: activeQuestions(event.id),
  });
}

/** The register page's posts: register (creating the account when signed out) or cancel. */
export async function submitRegisterPage(request: Request, slug: string | undefined, context: AppLoadContext) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(slug, user);
  const here = `/events/${event.slug}/register`;
  const formData = await request.formData();

  if (formData.get("intent") === "cancel") {
    if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent(here)}`);
    try {
      cancelRegistration({ eventId: event.id, userId: user.id });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return json({ cancelError: error.message } as const, { status: error.status });
    }
    return redirect(here);
  }

  await enforceRateLimit(`registration:ip:${clientIp(context)}`, LIMITS.registrationPerIp);
  checkHoneypot(formData);
  const questions = activeQuestions(event.id);
  const audience: AnswerAudience = user ? (isPartnerMember(getDb(), event.id, user.id) ? "partner" : "interest") : "unknown";
  const submission = parseWithZod(formData, { schema: registerFormSchema(Boolean(user), questions, audience) });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const value = submission.value;
  const answers = { jobRole: value.jobRole, topics: value.topics, dietary: value.dietary, accessibility: value.accessibility };
  const invite = formData.get("invite");
  const invitationToken = typeof invite === "string" && invite ? invite : undefined;
  const questionAnswers = answersFromForm(questions, value);
  try {
    // Checked before an account is created, so a closed event or a dead invitation writes nothing.
    const link = invitationToken ? findUsableInvitation(invitationToken, event.id) : null;
    assertRegistrationOpen(event, new Date(), link && { walkIn: isWalkInLink(link) });
    if (user) {
      registerForEvent({
        eventId: event.id,
        userId: user.id,
        answers,
        questionAnswers,
        consent: true,
        invitationToken,
        ip: clientIp(context),
      });
      return redirect(here);
    }
    // Password hashing is slow and async: the account is made before the registration
    // transaction, never inside it.
    const account = await createUser({
      name: value.name,
      email: value.email,
      password: value.password,
      organisationName: value.organisation,
      jobRole: value.jobRole,
      verificationContext: `Your registration for ${event.title} has its place in the queue; rights that depend on your address (direct confirmation as a partner member) wait for this.`,
    });
    try {
      registerForEvent({
        eventId: event.id,
        userId: account.id,
        answers,
        questionAnswers,
        consent: true,
        invitationToken,
        ip: clientIp(context),
      });
    } catch (error) {
      // The account exists now; sign the person in so they can try again.
      const reply = replyWithError(submission, error, { hideFields: ["password"] });
      reply.headers.append("Set-Cookie", await createLoginSession(account.id, request));
      return reply;
    }
    return redirectWithSession(account.id, request, here);
  } catch (error) {
    return replyWithError(submission, error, { hideFields: ["password"] });
  }
}
