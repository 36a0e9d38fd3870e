// "Remove the guest …?": the confirmation before a guest is removed (ADR 028; new-user review 2,
// 7 Dec 2026): removing erases their name at once and cannot be undone. The shared
// confirmation step, reached by the row's Remove link (?remove=ID, no JavaScript needed).
import { ConfirmStep } from "~/schedule/ui/confirm-step";

export function RemoveGuestStep({ guest, cancelHref }: { guest: { userId: number; name: string; topics: number }; cancelHref: string }) {
  return (
    <ConfirmStep
      title={`Remove the guest ${guest.name}?`}
      hidden={{ intent: "remove-guest", userId: String(guest.userId) }}
      confirmLabel="Remove guest"
      cancelHref={cancelHref}
      cancelLabel="Keep them"
    >
      <p>They can no longer take part, on any device, and their name is erased.</p>
      <p className="mt-1">
        {guest.topics === 0
          ? "Their dots stay"
          : guest.topics === 1
            ? "Their topic and dots stay"
            : `Their ${guest.topics} topics and dots stay`}
        , shown as a former attendee’s.
      </p>
    </ConfirmStep>
  );
}
