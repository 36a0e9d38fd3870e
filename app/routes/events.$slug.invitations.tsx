// Organisers: invitation links for this event (label, expiry, number of uses, whether it
// skips approval; shown once, revocable) and co-organisers invited by e-mail address.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { clientIp } from "~/utils/client-ip.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, type BadgeTone } from "~/components/badge";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { CopyButton } from "~/components/copy-button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RoleInviteList } from "~/invitations/ui/role-invite-list";
import { FlashMessage } from "~/components/flash-message";
import { errorsFor, formMessageFor, RowField, RowMessage, type RowReply } from "~/components/row-form";
import { requireOrganiser } from "~/events/permissions.server";
import { invitationActionSchema, MAX_INVITATION_DAYS, MAX_INVITATION_USES } from "~/invitations/invitation-schema";
import { createInvitation, listInvitations, revokeInvitation, type InvitationState } from "~/invitations/links.server";
import { inviteCoOrganiser, listRoleInvites } from "~/invitations/role-invites.server";
import { limitMails } from "~/outbox/mail-limits.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { invalidForm, refusedAction } from "~/utils/action-reply.server";
import { formatDateTime } from "~/utils/dates";
import { jsonWithFlash, redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Invitations · ${data?.event.title ?? "Event"} · Knowledge Exchange` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  return jsonWithFlash(request, {
    event: { slug: event.slug, title: event.title, timeZone: event.timeZone },
    links: listInvitations(event.id).map((l) => ({ ...l, expiresAt: formatDateTime(l.expiresAt, event.timeZone) })),
    coOrganisers: listRoleInvites({ eventId: event.id, kind: "co_organiser" }).map((i) => ({
      id: i.id,
      email: i.email,
      accepted: Boolean(i.acceptedAt),
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: invitationActionSchema });
  if (submission.status !== "success") return invalidForm(formData, submission.error, "invitationId");
  const actor = { id: user.id, name: user.name, ip: clientIp(context) };
  const value = submission.value;
  const page = `/events/${event.slug}/invitations`;
  try {
    switch (value.intent) {
      case "create-link": {
        // Stays a 200 page even without JavaScript: the link is shown this once only. The form
        // never chooses the purpose: a link made here is an invitation, whatever its label.
        const { token } = createInvitation({ event, ...value, purpose: "invitation" }, actor);
        return json({
          ok: true as const,
          intent: value.intent,
          targetId: null,
          fieldErrors: {},
          message: "Your invitation link is ready. Copy it now: for safety we keep only a fingerprint of it, so it cannot be shown again.",
          link: `${publicOrigin(request)}/invite/${token}`,
        });
      }
      case "revoke-link":
        revokeInvitation({ event, invitationId: value.invitationId, confirmed: value.confirm === "yes" }, actor);
        return redirectWithFlash(page, "invitation-revoked", 303);
      case "invite-co-organiser": {
        await limitMails("role-invite", { actorId: user.id, eventId: event.id });
        const { grantedNow } = inviteCoOrganiser({ event, email: value.email }, actor);
        return redirectWithFlash(page, grantedNow ? "role-granted" : "role-invited", 303);
      }
    }
  } catch (error) {
    return refusedAction(formData, error, "invitationId");
  }
}

const STATE_TONE: Record<InvitationState, BadgeTone> = { active: "good", expired: "neutral", "used up": "neutral", revoked: "bad" };

export default function Invitations() {
  const { event, links, coOrganisers, flash } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (RowReply & { link?: string }) | undefined;
  const newLink = reply && "link" in reply ? reply.link : null;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <PageHeader
          title="Invitations"
          subtitle={
            <>
              <Link to={`/events/${event.slug}`}>{event.title}</Link> · links for people outside the partner organisations, and
              co-organisers
            </>
          }
        />
        <FlashMessage message={flash} className="" />
        {newLink ? (
          <FlashMessage className="">
            <p>{reply?.message}</p>
            <label htmlFor="invitation-link" className="block font-medium">
              Your invitation link
            </label>
            <input
              id="invitation-link"
              readOnly
              value={newLink}
              className="block w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
            />
            <CopyButton text={newLink} label="Copy link" />
          </FlashMessage>
        ) : null}
        <Card aria-labelledby="links-heading">
          <h2 id="links-heading" className="text-lg font-semibold">
            Invitation links
          </h2>
          {links.length === 0 ? (
            <EmptyState title="No invitation links yet">Create one below and send it to the people you invite.</EmptyState>
          ) : (
            /* Six columns do not fit a phone: the table scrolls in its card, not the page (relative: so does its sr-only text). */
            <div className="relative mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-slate-200">
                    <th className="py-1 pr-2">Label</th>
                    <th className="py-1 pr-2">Uses</th>
                    <th className="py-1 pr-2">Expires</th>
                    <th className="py-1 pr-2">Registers</th>
                    <th className="py-1 pr-2">State</th>
                    <th className="py-1">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {links.map((link) => (
                    <tr key={link.id} className="border-b border-slate-100 align-top">
                      <td className="py-2 pr-2">{link.label || "—"}</td>
                      <td className="py-2 pr-2">{`${link.uses} of ${link.maxUses}`}</td>
                      <td className="py-2 pr-2">{link.expiresAt}</td>
                      <td className="py-2 pr-2">{link.skipApproval ? "directly" : "as a request"}</td>
                      <td className="py-2 pr-2">
                        <Badge tone={STATE_TONE[link.state]}>{link.state}</Badge>
                      </td>
                      <td className="py-2">
                        {link.state === "active" ? (
                          // Revoking cannot be undone: it asks first and says what it affects (works without JavaScript).
                          <details className="text-sm">
                            <summary className="cursor-pointer font-medium text-red-800">
                              Revoke…<span className="sr-only">{` link ${link.label || link.id}`}</span>
                            </summary>
                            <Form method="post" noValidate className="mt-2 space-y-2">
                              <input type="hidden" name="intent" value="revoke-link" />
                              <input type="hidden" name="invitationId" value={link.id} />
                              <p>
                                {`Nobody can register through this link any more. ${link.uses === 1 ? "The 1 person" : `The ${link.uses} people`} who already did keep${link.uses === 1 ? "s" : ""} their registration.`}
                              </p>
                              <label className="flex items-center gap-2">
                                <input type="checkbox" name="confirm" value="yes" required />
                                Yes, revoke this link
                              </label>
                              <SubmitButton
                                size="sm"
                                variant="secondary"
                                aria-label={`Revoke link ${link.label || link.id}`}
                                pendingLabel="Revoking…"
                              >
                                Revoke
                              </SubmitButton>
                            </Form>
                          </details>
                        ) : null}
                        <RowMessage reply={formMessageFor(reply, "revoke-link", link.id)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Form method="post" noValidate className="mt-4 grid gap-3 border-t border-slate-200 pt-4 sm:grid-cols-3">
            <h3 className="font-semibold sm:col-span-3">New invitation link</h3>
            <input type="hidden" name="intent" value="create-link" />
            <div className="sm:col-span-3">
              <RowField
                id="link-label"
                name="label"
                label="Label"
                hint="For you and the other organisers, e.g. “Beacon platform team”."
                errors={errorsFor(reply, "create-link", null, "label")}
              />
            </div>
            <RowField
              id="link-uses"
              name="maxUses"
              label="Number of uses"
              type="number"
              min={1}
              max={MAX_INVITATION_USES}
              defaultValue={10}
              required
              errors={errorsFor(reply, "create-link", null, "maxUses")}
            />
            <RowField
              id="link-days"
              name="validDays"
              label="Valid for (days)"
              type="number"
              min={1}
              max={MAX_INVITATION_DAYS}
              defaultValue={14}
              required
              errors={errorsFor(reply, "create-link", null, "validDays")}
            />
            <div className="flex items-start gap-2 sm:col-span-3">
              <input
                id="link-skip"
                name="skipApproval"
                type="checkbox"
                defaultChecked
                className="mt-1 h-4 w-4 rounded border-slate-300"
                aria-describedby="link-skip-hint"
              />
              <div>
                <label htmlFor="link-skip" className="text-sm text-slate-800">
                  Skip approval
                </label>
                <p id="link-skip-hint" className="text-xs text-slate-500">
                  People who register through the link are treated like partner members for this event: confirmed while seats are left, else
                  waitlisted. Without it they send a request you review.
                </p>
              </div>
            </div>
            <div className="sm:col-span-3">
              <SubmitButton>Create invitation link</SubmitButton>
            </div>
          </Form>
        </Card>
      </div>
      <aside className="space-y-4">
        <Card aria-labelledby="co-organisers-heading">
          <h2 id="co-organisers-heading" className="font-semibold">
            Invite a co-organiser
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            By e-mail address, also for someone without an account yet: they get an e-mail, and organise this event once they sign up with
            this address and confirm it.
          </p>
          <Form method="post" noValidate className="mt-3 space-y-2">
            <input type="hidden" name="intent" value="invite-co-organiser" />
            <RowField
              id="co-organiser-email"
              name="email"
              type="email"
              label="E-mail address"
              required
              errors={errorsFor(reply, "invite-co-organiser", null, "email")}
            />
            <SubmitButton size="sm">Send invitation</SubmitButton>
            <RowMessage reply={formMessageFor(reply, "invite-co-organiser", null)} />
          </Form>
          <RoleInviteList invites={coOrganisers} label="Invited co-organisers" />
        </Card>
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
