// How a registration state looks to the person and to organisers.
import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "~/components/badge";

export type RegistrationStatusName = "confirmed" | "waitlisted" | "pending" | "declined" | "cancelled";

const TONES: Record<RegistrationStatusName, BadgeTone> = {
  confirmed: "good",
  waitlisted: "warn",
  pending: "info",
  declined: "bad",
  cancelled: "neutral",
};

export function statusText(status: RegistrationStatusName, position?: number | null) {
  switch (status) {
    case "confirmed":
      return "Confirmed";
    case "waitlisted":
      return position ? `Waiting list #${position}` : "Waiting list";
    case "pending":
      return "Pending review";
    case "declined":
      return "Declined";
    case "cancelled":
      return "Cancelled";
  }
}

export function RegistrationStatusBadge({ status, position }: { status: RegistrationStatusName; position?: number | null }) {
  return <Badge tone={TONES[status]}>{statusText(status, position)}</Badge>;
}

const HEADLINES: Record<RegistrationStatusName, (position?: number | null) => ReactNode> = {
  confirmed: () => "You're in: your seat is confirmed.",
  waitlisted: (position) => (
    <>
      You're on the waiting list
      {position ? (
        <>
          , at position <strong>{position}</strong>
        </>
      ) : null}
      .
    </>
  ),
  pending: () => "Your request is waiting for the organisers' review.",
  declined: () => "The organisers could not offer you a place this time.",
  cancelled: () => "You cancelled your registration.",
};

const EXPLANATIONS: Record<RegistrationStatusName, string> = {
  confirmed: "We sent you a confirmation e-mail. If your plans change, please cancel so someone on the waiting list gets your seat.",
  waitlisted: "When a seat frees up, the first person on the list moves up automatically and gets an e-mail.",
  // The registration page replaces this with the reason (app/registration/standing.server.ts).
  pending: "Your registration is an interest request the organisers review. You will get an e-mail when they decide.",
  declined: "If you think this is a mistake, please contact the organisers.",
  cancelled: "You can register again below; you join at the back of the queue.",
};

export function RegistrationStatusPanel({
  status,
  position,
  explanation,
  children,
}: {
  status: RegistrationStatusName;
  position?: number | null;
  /** Replaces the usual next-step text when it no longer applies (event over, window closed). */
  explanation?: string;
  children?: ReactNode;
}) {
  const ring =
    status === "confirmed"
      ? "border-green-300 bg-green-50"
      : status === "waitlisted"
        ? "border-amber-300 bg-amber-50"
        : status === "declined"
          ? "border-red-300 bg-red-50"
          : "border-slate-200 bg-white";
  return (
    <section aria-labelledby="registration-status-heading" className={`rounded-xl border p-5 shadow-sm ${ring}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="registration-status-heading" className="text-lg font-semibold">
          Your registration
        </h2>
        <RegistrationStatusBadge status={status} position={position} />
      </div>
      <p className="mt-2 text-slate-900" data-testid="registration-status">
        {HEADLINES[status](position)}
      </p>
      <p className="mt-1 text-sm text-slate-600">{explanation ?? EXPLANATIONS[status]}</p>
      {children}
    </section>
  );
}
