// The setup page's time slots, in the event's time zone: the list (kind, label, a warning
// when slots overlap) with edit and delete links, and the form that adds or edits a slot.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { SLOT_KINDS } from "#db/enums";
import { Badge } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { Card } from "~/components/card";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { Field, FormErrors, SelectField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { SaveOrCancel } from "~/schedule/ui/save-or-cancel";
import { SLOT_KIND_LABELS, slotSchema } from "~/schedule/schedule-schema";
import { formatDate, formatTime } from "~/utils/dates";

type SetupSlot = {
  id: number;
  startsAt: string;
  endsAt: string;
  kind: (typeof SLOT_KINDS)[number];
  label: string | null;
  startsLocal: string;
  endsLocal: string;
  overlapsWith: number[];
};

export function SlotsCard({
  slots,
  editSlot,
  timeZone: tz,
  defaultStart,
  lastResult,
}: {
  slots: SetupSlot[];
  editSlot?: SetupSlot;
  timeZone: string;
  /** Where a new slot starts: after the last one, else at the event's start. */
  defaultStart: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  return (
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
      <SlotForm key={editSlot?.id ?? "new"} slot={editSlot} timeZone={tz} defaultStart={defaultStart} lastResult={lastResult} />
    </Card>
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
      <SaveOrCancel editing={Boolean(slot)} saveLabel="Save slot" addLabel="Add slot" />
    </Form>
  );
}
