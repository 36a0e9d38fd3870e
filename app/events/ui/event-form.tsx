// The create/edit event form (presentational; the routes own loading and saving).
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { SubmitButton } from "~/components/submit-button";
import { CheckboxField, Field, FieldError, FormErrors, SelectField, TextareaField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { eventFormSchema } from "~/events/event-schema";

export type EventFormDefaults = Partial<{
  title: string;
  summary: string;
  description: string;
  format: string;
  series: string;
  venue: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  partnerOrganisationIds: string[];
  organiserEmails: string;
  openMarketplace: string;
  partnersOnly: string;
  guestsMayJoin: string;
  status: string;
}>;

const COMMON_ZONES = [
  "Europe/Berlin",
  "Europe/London",
  "Europe/Amsterdam",
  "Europe/Paris",
  "Europe/Madrid",
  "Europe/Warsaw",
  "Europe/Helsinki",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "UTC",
];

export function EventForm({
  lastResult,
  defaultValue,
  organisations,
  submitLabel,
  invitationsHref,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: EventFormDefaults;
  organisations: { id: number; name: string }[];
  submitLabel: string;
  /** The event's Invitations page (editing); a new event has none until it is saved. */
  invitationsHref?: string;
}) {
  const [form, fields] = useZodForm(eventFormSchema, { lastResult, defaultValue });
  const zones =
    defaultValue?.timeZone && !COMMON_ZONES.includes(defaultValue.timeZone) ? [defaultValue.timeZone, ...COMMON_ZONES] : COMMON_ZONES;
  const selectedPartners = new Set(defaultValue?.partnerOrganisationIds ?? []);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Title" meta={fields.title} />
      <Field label="Summary" meta={fields.summary} hint="One or two sentences for the list of exchanges." />
      <TextareaField label="Description" meta={fields.description} rows={8} hint="Markdown is supported." />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Format"
          meta={fields.format}
          options={[
            { value: "lean_coffee", label: "Lean Coffee" },
            { value: "unconference", label: "Unconference" },
            { value: "mixed", label: "Lean Coffee + unconference" },
          ]}
        />
        <Field label="Series" meta={fields.series} hint="Groups installments, e.g. “Aurora × Beacon”." />
      </div>
      <Field label="Venue" meta={fields.venue} />
      <SelectField label="Time zone" meta={fields.timeZone} options={zones.map((z) => ({ value: z, label: z }))} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Starts" meta={fields.startsAt} type="datetime-local" hint="In the event's time zone." />
        <Field label="Ends" meta={fields.endsAt} type="datetime-local" />
        <Field label="Registration opens" meta={fields.registrationOpensAt} type="datetime-local" hint="Empty: open now." />
        <Field label="Registration closes" meta={fields.registrationClosesAt} type="datetime-local" hint="Empty: until the start." />
      </div>
      <Field label="Seats" meta={fields.capacity} type="number" min={1} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Partner organisations</legend>
        <p id="partners-hint" className="text-xs text-slate-500">
          Their members register directly; everyone else sends an interest request.
        </p>
        <div className="mt-2 flex flex-wrap gap-4">
          {organisations.map((org) => (
            <label key={org.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name={fields.partnerOrganisationIds.name}
                value={String(org.id)}
                defaultChecked={selectedPartners.has(String(org.id))}
                className="h-4 w-4 rounded border-slate-300"
              />
              {org.name}
            </label>
          ))}
        </div>
        <FieldError id={fields.partnerOrganisationIds.errorId} errors={fields.partnerOrganisationIds.errors} />
      </fieldset>
      <Field label="Co-organisers (e-mails)" meta={fields.organiserEmails} hint={<CoOrganiserHint invitationsHref={invitationsHref} />} />
      <CheckboxField label="Open marketplace: attendees place their own sessions into free cells" meta={fields.openMarketplace} />
      <CheckboxField
        label="Partner members only"
        meta={fields.partnersOnly}
        hint="Nobody else can send an interest request or join as a guest (invitation links still work)."
      />
      <CheckboxField
        label="Guests may join with a name"
        meta={fields.guestsMayJoin}
        hint="On the day, people with the join link or QR code take part in this event's boards without an account."
      />
      <SelectField
        label="Status"
        meta={fields.status}
        options={[
          { value: "draft", label: "Draft (only organisers see it)" },
          { value: "published", label: "Published" },
          { value: "cancelled", label: "Cancelled" },
        ]}
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}

/** Names here need a confirmed account; everyone else is invited by e-mail (DESIGN §5). */
function CoOrganiserHint({ invitationsHref }: { invitationsHref?: string }) {
  return (
    <>
      Comma-separated; each needs an account with a confirmed address.{" "}
      {invitationsHref ? (
        <>
          Someone without an account yet? Invite them from <Link to={invitationsHref}>Invitations</Link>: they become co-organiser once they
          sign up and confirm the address.
        </>
      ) : (
        "Someone without an account yet? Save the event, then invite them from its “Invitations” page."
      )}
    </>
  );
}
