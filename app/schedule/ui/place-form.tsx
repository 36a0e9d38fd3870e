// Placing a session without JavaScript: choose the session, the room and the slot.
import { Form } from "@remix-run/react";
import { FlashMessage } from "~/components/flash-message";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { SubmitButton } from "~/components/submit-button";
import { FieldError, inputClass } from "~/components/forms";
import { formatDate, formatTime } from "~/utils/dates";

type Result = { ok: boolean; intent: string; message: string; fieldErrors?: Record<string, string[]>; warnings?: { message: string }[] };

export function SchedulePlaceForm({
  sessions,
  rooms,
  slots,
  timeZone,
  result,
}: {
  sessions: { id: number; title: string; roomId: number | null; slotId: number | null }[];
  rooms: { id: number; name: string; capacity: number }[];
  slots: { id: number; startsAt: string; endsAt: string; kind: string; label: string | null }[];
  timeZone: string;
  result?: Result;
}) {
  const mine = result && result.intent === "place" ? result : undefined;
  const errors = mine?.fieldErrors ?? {};
  const roomById = new Map(rooms.map((r) => [r.id, r]));
  const slotById = new Map(slots.map((s) => [s.id, s]));
  const where = (s: { roomId: number | null; slotId: number | null }) => {
    const room = s.roomId != null ? roomById.get(s.roomId) : undefined;
    const slot = s.slotId != null ? slotById.get(s.slotId) : undefined;
    return room && slot ? `${room.name}, ${formatTime(slot.startsAt, timeZone)}` : null;
  };
  const field = (name: string, label: string, options: { value: number; label: string }[]) => (
    <div>
      <label htmlFor={`place-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={`place-${name}`}
        name={name}
        required
        defaultValue=""
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `place-${name}-error` : undefined}
        className={inputClass}
      >
        <option value="" disabled>
          Choose…
        </option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`place-${name}-error`} errors={errors[name]} />
    </div>
  );
  return (
    <Form method="post" className="space-y-3" aria-labelledby="place-form-heading">
      <h2 id="place-form-heading" className="text-lg font-semibold">
        Place a session
      </h2>
      <p className="text-sm text-slate-600">
        Works without JavaScript. With it, you can also drag sessions onto free cells, or use “Move”.
      </p>
      <input type="hidden" name="intent" value="place" />
      <EnhancedFlag />
      <div className="grid gap-3 sm:grid-cols-3">
        {field(
          "sessionId",
          "Session",
          sessions.map((s) => {
            const now = where(s);
            return { value: s.id, label: now ? `${s.title} (now ${now})` : s.title };
          }),
        )}
        {field(
          "roomId",
          "Room",
          rooms.map((r) => ({ value: r.id, label: `${r.name} (${r.capacity} seats)` })),
        )}
        {field(
          "slotId",
          `Slot (${timeZone})`,
          slots
            .filter((s) => s.kind !== "break")
            .map((s) => ({
              value: s.id,
              label: `${formatDate(s.startsAt, timeZone)}, ${formatTime(s.startsAt, timeZone)}–${formatTime(s.endsAt, timeZone)}${s.label ? ` · ${s.label}` : ""}`,
            })),
        )}
      </div>
      {mine && !mine.ok && !Object.keys(errors).length ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {mine.message}
        </p>
      ) : null}
      {mine?.ok ? (
        <FlashMessage className="">
          <p>{mine.message}</p>
          {mine.warnings?.length ? (
            <ul className="mt-2 list-disc pl-5 text-amber-900">
              {mine.warnings.map((w) => (
                <li key={w.message}>Warning: {w.message}</li>
              ))}
            </ul>
          ) : null}
        </FlashMessage>
      ) : null}
      <SubmitButton pendingLabel="Placing…">Place session</SubmitButton>
    </Form>
  );
}
