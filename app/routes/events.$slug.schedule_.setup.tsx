// Organisers: the rooms and time slots of the grid, and the open-marketplace switch.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { useZodForm } from "~/components/use-zod-form";
import { FlashMessage } from "~/components/flash-message";
import { Badge } from "~/components/badge";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/forms";
import { requireOrganiser } from "~/events/permissions.server";
import {
  deleteRoom,
  deleteSlot,
  findOverlappingSlots,
  listRooms,
  listSlots,
  saveRoom,
  saveSlot,
  setMarketplace,
} from "~/schedule/rooms-slots.server";
import {
  deleteRoomSchema,
  deleteSlotSchema,
  marketplaceSchema,
  roomSchema,
  SLOT_KIND_LABELS,
  slotSchema,
} from "~/schedule/schedule-schema";
import { roomDeletionImpact, slotDeletionImpact } from "~/schedule/deletion-impact.server";
import { ConfirmStep, PlacedSessionsImpact } from "~/schedule/ui/confirm-step";
import { formatDate, formatRange, formatTime, utcToLocalInput } from "~/utils/dates";
import { jsonWithFlash, type FlashKey } from "~/utils/flash.server";
import { redirect } from "@remix-run/node";
import { DomainError } from "~/utils/errors.server";
import { replyOrRedirect, replyToForm } from "~/utils/action-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Rooms and slots · ${data?.event.title ?? "Event"} · Knowledge Exchange` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  const slots = listSlots(event.id);
  const overlapping = findOverlappingSlots(slots);
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
    slots: slots.map((s) => ({
      ...s,
      startsLocal: utcToLocalInput(s.startsAt, event.timeZone),
      endsLocal: utcToLocalInput(s.endsAt, event.timeZone),
      overlapsWith: overlapping.get(s.id) ?? [],
    })),
  });
}

/** The confirmation step asked for by `?delete-room=ID` or `?delete-slot=ID`: what the deletion would affect. */
function deletionToConfirm(event: Parameters<typeof roomDeletionImpact>[0] & { timeZone: string }, params: URLSearchParams) {
  const id = (name: string) => (/^\d{1,12}$/.test(params.get(name) ?? "") ? Number(params.get(name)) : null);
  const roomId = id("delete-room");
  const slotId = id("delete-slot");
  try {
    if (roomId) {
      const impact = roomDeletionImpact(event, roomId);
      return {
        title: `Delete room “${impact.room.name}”?`,
        confirmLabel: `Delete room “${impact.room.name}”`,
        hidden: { intent: "delete-room", roomId: String(roomId) },
        sessions: impact.sessions,
      };
    }
    if (slotId) {
      const impact = slotDeletionImpact(event, slotId);
      const when = `${formatDate(impact.slot.startsAt, event.timeZone)}, ${formatTime(impact.slot.startsAt, event.timeZone)}–${formatTime(impact.slot.endsAt, event.timeZone)}`;
      return {
        title: `Delete the slot ${when}?`,
        confirmLabel: `Delete the slot ${when}`,
        hidden: { intent: "delete-slot", slotId: String(slotId) },
        sessions: impact.sessions,
      };
    }
  } catch (error) {
    // Already deleted (the back button) or not this event's: no step to show.
    if (!(error instanceof DomainError)) throw error;
  }
  return null;
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
        <Card aria-labelledby="rooms-heading">
          <h2 id="rooms-heading" className="text-lg font-semibold">
            Rooms
          </h2>
          {rooms.length ? (
            <ul className="mt-3 divide-y divide-slate-200">
              {rooms.map((room) => (
                <li key={room.id} className="flex items-center justify-between gap-2 py-2">
                  <span>
                    <span className="font-medium">{room.name}</span> <span className="text-sm text-slate-600">· {room.capacity} seats</span>
                  </span>
                  <span className="flex gap-2">
                    <Link to={`?room=${room.id}`} className={buttonClass("ghost", "sm")} aria-label={`Edit room ${room.name}`}>
                      Edit
                    </Link>
                    <Link to={`?delete-room=${room.id}`} className={buttonClass("ghost", "sm")} aria-label={`Delete room ${room.name}`}>
                      Delete
                    </Link>
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No rooms yet.</p>
          )}
          <RoomForm
            key={editRoom?.id ?? "new"}
            room={editRoom}
            lastResult={reply?.intent === "save-room" || reply?.intent === "delete-room" ? reply.result : undefined}
          />
        </Card>
        <Card aria-labelledby="slots-heading">
          <h2 id="slots-heading" className="text-lg font-semibold">
            Time slots <span className="text-sm font-normal text-slate-500">({tz})</span>
          </h2>
          {slots.length ? (
            <ul className="mt-3 divide-y divide-slate-200">
              {slots.map((slot) => (
                <li key={slot.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    <span className="font-medium">
                      {formatDate(slot.startsAt, tz)}, {formatTime(slot.startsAt, tz)}–{formatTime(slot.endsAt, tz)}
                    </span>{" "}
                    <Badge tone={slot.kind === "break" ? "neutral" : slot.kind === "plenary" ? "info" : "good"}>
                      {SLOT_KIND_LABELS[slot.kind]}
                    </Badge>
                    {slot.label ? <span className="text-sm text-slate-600"> · {slot.label}</span> : null}
                    {slot.overlapsWith.length ? (
                      <span className="ml-1">
                        <Badge tone="warn">
                          Overlaps {slot.overlapsWith.length} other slot{slot.overlapsWith.length > 1 ? "s" : ""}
                        </Badge>
                      </span>
                    ) : null}
                  </span>
                  <span className="flex gap-2">
                    <Link
                      to={`?slot=${slot.id}`}
                      className={buttonClass("ghost", "sm")}
                      aria-label={`Edit slot at ${formatTime(slot.startsAt, tz)}`}
                    >
                      Edit
                    </Link>
                    <Link
                      to={`?delete-slot=${slot.id}`}
                      className={buttonClass("ghost", "sm")}
                      aria-label={`Delete slot at ${formatTime(slot.startsAt, tz)}`}
                    >
                      Delete
                    </Link>
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No time slots yet.</p>
          )}
          <SlotForm
            key={editSlot?.id ?? "new"}
            slot={editSlot}
            timeZone={tz}
            defaultStart={slots.at(-1)?.endsLocal ?? event.defaultStart}
            lastResult={reply?.intent === "save-slot" || reply?.intent === "delete-slot" ? reply.result : undefined}
          />
        </Card>
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

function RoomForm({
  room,
  lastResult,
}: {
  room?: { id: number; name: string; capacity: number };
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useZodForm(roomSchema, {
    id: `room-form-${room?.id ?? "new"}`,
    lastResult,
    constraint: true,
    defaultValue: room ? { name: room.name, capacity: String(room.capacity) } : undefined,
    shouldRevalidate: "onBlur",
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3 border-t border-slate-200 pt-4">
      <h3 className="font-medium">{room ? `Edit “${room.name}”` : "Add a room"}</h3>
      <input type="hidden" name="intent" value="save-room" />
      <EnhancedFlag />
      {room ? <input type="hidden" name="roomId" value={room.id} /> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Room name" meta={fields.name} />
        <Field label="Capacity (seats)" meta={fields.capacity} type="number" min={1} />
      </div>
      <div className="flex gap-2">
        <SubmitButton>{room ? "Save room" : "Add room"}</SubmitButton>
        {room ? (
          <Link to="." className={buttonClass("ghost")}>
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function SlotForm({
  slot,
  timeZone,
  defaultStart,
  lastResult,
}: {
  slot?: { id: number; startsLocal: string; endsLocal: string; kind: string; label: string | null };
  timeZone: string;
  defaultStart: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useZodForm(slotSchema, {
    id: `slot-form-${slot?.id ?? "new"}`,
    lastResult,
    constraint: true,
    defaultValue: slot
      ? { startsAt: slot.startsLocal, endsAt: slot.endsLocal, kind: slot.kind, label: slot.label ?? "" }
      : { startsAt: defaultStart, kind: "session" },
    shouldRevalidate: "onBlur",
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3 border-t border-slate-200 pt-4">
      <h3 className="font-medium">{slot ? "Edit slot" : "Add a time slot"}</h3>
      <input type="hidden" name="intent" value="save-slot" />
      <EnhancedFlag />
      {slot ? <input type="hidden" name="slotId" value={slot.id} /> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={`Starts (${timeZone})`} meta={fields.startsAt} type="datetime-local" />
        <Field label={`Ends (${timeZone})`} meta={fields.endsAt} type="datetime-local" />
        <SelectField
          label="Kind"
          meta={fields.kind}
          options={Object.entries(SLOT_KIND_LABELS).map(([value, label]) => ({
            value,
            label: value === "session" ? "Sessions (parallel rooms)" : label,
          }))}
        />
        <Field label="Label (optional)" meta={fields.label} hint="e.g. Lunch, Opening circle" />
      </div>
      <div className="flex gap-2">
        <SubmitButton>{slot ? "Save slot" : "Add slot"}</SubmitButton>
        {slot ? (
          <Link to="." className={buttonClass("ghost")}>
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
