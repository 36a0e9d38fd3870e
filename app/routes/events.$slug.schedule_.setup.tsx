// Organisers: the rooms and time slots of the grid, and the open-marketplace switch.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { FlashMessage } from "~/components/flash-message";
import { Badge } from "~/components/badge";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireOrganiser } from "~/events/permissions.server";
import { deleteRoom, deleteSlot, listRooms, saveRoom, saveSlot, setMarketplace } from "~/schedule/rooms-slots.server";
import { deleteRoomSchema, deleteSlotSchema, marketplaceSchema, roomSchema, slotSchema } from "~/schedule/schedule-schema";
import { roomDeletionImpact, slotDeletionImpact } from "~/schedule/deletion-impact.server";
import { deletionToConfirm, slotsForSetup } from "~/schedule/setup-page.server";
import { ConfirmStep, PlacedSessionsImpact } from "~/schedule/ui/confirm-step";
import { RoomsCard } from "~/schedule/ui/rooms-card";
import { SlotsCard } from "~/schedule/ui/slots-card";
import { formatRange, utcToLocalInput } from "~/utils/dates";
import { jsonWithFlash, type FlashKey } from "~/utils/flash.server";
import { replyOrRedirect, replyToForm } from "~/utils/action-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Rooms and slots · ${data?.event.title ?? "Event"} · Knowledge Exchange` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  return jsonWithFlash(request, {
    confirm: deletionToConfirm(event, new URL(request.url).searchParams),
    event: {
      slug: event.slug,
      title: event.title,
      timeZone: event.timeZone,
      openMarketplace: event.openMarketplace,
      defaultStart: utcToLocalInput(event.startsAt, event.timeZone),
    },
    rooms: listRooms(event.id),
    slots: slotsForSetup(event),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const ctx = { ip: clientIp(context) };
  const schema =
    intent === "save-room"
      ? roomSchema
      : intent === "save-slot"
        ? slotSchema
        : intent === "delete-room"
          ? deleteRoomSchema
          : intent === "delete-slot"
            ? deleteSlotSchema
            : marketplaceSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return replyToForm(intent, submission);
  try {
    const value = submission.value;
    let message = "";
    // Without JavaScript: post/redirect/get to this page (no edit query), the message as a flash.
    let flash: FlashKey;
    switch (value.intent) {
      case "save-room":
        message = `Saved room “${saveRoom(event, user, value, ctx).name}”.`;
        flash = "room-saved";
        break;
      case "save-slot": {
        const { overlapsWith, outsideEvent } = saveSlot(event, user, value, ctx);
        const notes = [
          overlapsWith.length ? `It overlaps ${overlapsWith.length} other slot${overlapsWith.length > 1 ? "s" : ""}.` : "",
          outsideEvent ? `It lies outside the event’s times (${formatRange(event.startsAt, event.endsAt, event.timeZone)}).` : "",
        ].filter(Boolean);
        message = notes.length ? `Slot saved. ${notes.join(" ")} Check that this is intended.` : "Slot saved.";
        flash = notes.length ? "slot-saved-check" : "slot-saved";
        break;
      }
      case "delete-room":
        // Unconfirmed: nothing changes; the confirmation step says what it would affect.
        if (value.confirm !== "yes") {
          roomDeletionImpact(event, value.roomId);
          return redirect(`/events/${event.slug}/schedule/setup?delete-room=${value.roomId}`, 303);
        }
        deleteRoom(event, user, value.roomId, ctx);
        message = "Room deleted; its sessions are back in the list of unplaced sessions.";
        flash = "room-deleted";
        break;
      case "delete-slot":
        if (value.confirm !== "yes") {
          slotDeletionImpact(event, value.slotId);
          return redirect(`/events/${event.slug}/schedule/setup?delete-slot=${value.slotId}`, 303);
        }
        deleteSlot(event, user, value.slotId, ctx);
        message = "Slot deleted; its sessions are back in the list of unplaced sessions.";
        flash = "slot-deleted";
        break;
      case "marketplace":
        setMarketplace(event, user, value.open === "on", ctx);
        message = value.open === "on" ? "The open marketplace is open." : "The open marketplace is closed.";
        flash = value.open === "on" ? "marketplace-opened" : "marketplace-closed";
        break;
    }
    const saved = () => replyToForm(intent, submission, { resetForm: true, data: { message } });
    return replyOrRedirect(formData, saved, `/events/${event.slug}/schedule/setup`, flash);
  } catch (error) {
    return replyToForm(intent, submission, { error });
  }
}

export default function ScheduleSetup() {
  const { flash, event, rooms, slots, confirm } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const savedMessage = reply && "message" in reply ? String(reply.message) : null;
  const [params] = useSearchParams();
  const editRoom = rooms.find((r) => String(r.id) === params.get("room"));
  const editSlot = slots.find((s) => String(s.id) === params.get("slot"));
  const base = `/events/${event.slug}`;
  const tz = event.timeZone;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Rooms and time slots"
        subtitle={
          <>
            <Link to={base}>{event.title}</Link> · all times in {tz}
          </>
        }
        actions={
          <Link to={`${base}/schedule`} className={buttonClass("secondary")}>
            Back to the schedule
          </Link>
        }
      />
      {confirm ? (
        <ConfirmStep
          key={JSON.stringify(confirm.hidden)}
          title={confirm.title}
          hidden={confirm.hidden}
          confirmLabel={confirm.confirmLabel}
          cancelHref="."
        >
          <PlacedSessionsImpact sessions={confirm.sessions} />
        </ConfirmStep>
      ) : null}
      <FlashMessage message={savedMessage || flash} className="" />
      <div className="grid gap-6 lg:grid-cols-2">
        <RoomsCard
          rooms={rooms}
          editRoom={editRoom}
          lastResult={reply?.intent === "save-room" || reply?.intent === "delete-room" ? reply.result : undefined}
        />
        <SlotsCard
          slots={slots}
          editSlot={editSlot}
          timeZone={tz}
          defaultStart={slots.at(-1)?.endsLocal ?? event.defaultStart}
          lastResult={reply?.intent === "save-slot" || reply?.intent === "delete-slot" ? reply.result : undefined}
        />
      </div>
      <Card aria-labelledby="marketplace-heading">
        <h2 id="marketplace-heading" className="text-lg font-semibold">
          Open marketplace
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          When open, hosts place their own accepted sessions into free cells, first come, first served. The same checks and warnings apply.
        </p>
        <Form method="post" className="mt-3 flex items-center gap-3">
          <input type="hidden" name="intent" value="marketplace" />
          <EnhancedFlag />
          <input type="hidden" name="open" value={event.openMarketplace ? "off" : "on"} />
          <Badge tone={event.openMarketplace ? "good" : "neutral"}>{event.openMarketplace ? "Open" : "Closed"}</Badge>
          <SubmitButton variant="secondary">{event.openMarketplace ? "Close the marketplace" : "Open the marketplace"}</SubmitButton>
        </Form>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
