// The setup page's rooms: the list with edit and delete links (deleting asks first, see
// ConfirmStep), and the form that adds a room or edits the one chosen by `?room=ID`.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { buttonClass } from "~/components/button";
import { Card } from "~/components/card";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { Field, FormErrors } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { SaveOrCancel } from "~/schedule/ui/save-or-cancel";
import { roomSchema } from "~/schedule/schedule-schema";

type SetupRoom = { id: number; name: string; capacity: number };

export function RoomsCard({
  rooms,
  editRoom,
  lastResult,
}: {
  rooms: SetupRoom[];
  editRoom?: SetupRoom;
  lastResult?: SubmissionResult<string[]>;
}) {
  return (
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
      <RoomForm key={editRoom?.id ?? "new"} room={editRoom} lastResult={lastResult} />
    </Card>
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
      <SaveOrCancel editing={Boolean(room)} saveLabel="Save room" addLabel="Add room" />
    </Form>
  );
}
