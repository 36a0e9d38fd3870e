// /events/:slug/guests: the event's guests for its organisers (ADR 028): the join link with
// its QR code, "New join link" (after a confirmation, ?confirm=new-join-link), and the guests
// who joined, each with Remove (after a confirmation, ?remove=ID).
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { buttonClass } from "~/components/button";
import { Card, PageHeader } from "~/components/card";
import { FlashMessage } from "~/components/flash-message";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RowMessage, formMessageFor, type RowReply } from "~/components/row-form";
import { requireOrganiser } from "~/events/permissions.server";
import { listEventGuests, removeGuest } from "~/guests/guest-list.server";
import { guestsPageSchema } from "~/guests/guests-page-schema";
import { joinCard } from "~/guests/join-card.server";
import { rotateJoinKey } from "~/guests/join-key.server";
import { JoinCard } from "~/guests/ui/join-card";
import { RemoveGuestStep } from "~/guests/ui/remove-guest-step";
import { NewJoinLinkConfirmation } from "~/guests/ui/new-join-link-confirmation";
import { invalidForm, refusedAction } from "~/utils/action-reply.server";
import { clientIp } from "~/utils/client-ip.server";
import { formatDateTime } from "~/utils/dates";
import { jsonWithFlash, redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Guests · ${data?.event.title ?? "Event"} · Knowledge Exchange` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  return jsonWithFlash(request, {
    event: { slug: event.slug, title: event.title },
    card: await joinCard(request, event),
    confirmNewLink: new URL(request.url).searchParams.get("confirm") === "new-join-link",
    guests: listEventGuests(event.id).map((g) => ({ ...g, joinedAt: formatDateTime(g.joinedAt, event.timeZone) })),
    removing: Number(new URL(request.url).searchParams.get("remove")) || null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: guestsPageSchema });
  if (submission.status !== "success") return invalidForm(formData, submission.error, "userId");
  const actor = { id: user.id, ip: clientIp(context) };
  const page = `/events/${event.slug}/guests`;
  try {
    if (submission.value.intent === "new-join-link") {
      rotateJoinKey(event, actor);
      return redirectWithFlash(page, "join-link-new", 303);
    }
    removeGuest(event, submission.value.userId, actor);
    return redirectWithFlash(page, "guest-removed", 303);
  } catch (error) {
    return refusedAction(formData, error, "userId");
  }
}

export default function GuestsPage() {
  const { event, card, confirmNewLink, guests, removing, flash } = useLoaderData<typeof loader>();
  const removingGuest = guests.find((g) => g.userId === removing);
  const reply = useActionData<typeof action>() as RowReply;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <PageHeader
          title="Guests"
          subtitle={
            <>
              <Link to={`/events/${event.slug}`}>{event.title}</Link> · people who joined the boards with a name only
            </>
          }
        />
        <FlashMessage message={flash} className="" />
        {confirmNewLink ? <NewJoinLinkConfirmation /> : null}
        {removingGuest ? <RemoveGuestStep guest={removingGuest} cancelHref={`/events/${event.slug}/guests`} /> : null}
        <Card aria-labelledby="guests-heading">
          <h2 id="guests-heading" className="font-semibold">
            {guests.length === 1 ? "1 guest" : `${guests.length} guests`}
          </h2>
          <RowMessage reply={formMessageFor(reply, "remove-guest", reply?.targetId ?? null)} />
          {guests.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No guests now. People who join with the join link appear here.</p>
          ) : (
            <table className="mt-3 w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-2 pr-3">
                    Name
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Joined
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Topics
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {guests.map((g) => (
                  <tr key={g.userId} className="border-b border-slate-100">
                    {/* overflow-wrap anywhere: a long name without spaces wraps instead of widening the page on a phone. */}
                    <td className="py-2 pr-3 [overflow-wrap:anywhere]">{g.name}</td>
                    <td className="py-2 pr-3">{g.joinedAt}</td>
                    <td className="py-2 pr-3">{g.topics}</td>
                    <td className="py-2 text-right">
                      <Link
                        to={`?remove=${g.userId}`}
                        preventScrollReset
                        className={buttonClass("secondary")}
                        aria-label={`Remove ${g.name}`}
                      >
                        Remove
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="mt-3 text-xs text-slate-500">
            A removed guest can no longer take part, on this device or with the same cookie. Their topics and dots stay, shown as a former
            attendee’s; withdraw or merge a topic on the board as for anyone.
          </p>
        </Card>
      </div>
      <aside className="space-y-6">
        <JoinCard card={card} />
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
