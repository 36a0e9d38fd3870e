// The event page's record of messages sent to attendees (organisers only, ADR 022).
import { Link } from "@remix-run/react";

const KIND_LABELS = { organiser: "Message", reminder: "Reminder", change_notice: "Change notice" } as const;

export function SentMessages({
  base,
  messages,
}: {
  base: string;
  messages: { id: number; kind: keyof typeof KIND_LABELS; subject: string; recipients: number; createdAt: string }[];
}) {
  if (!messages.length) return null;
  return (
    <div className="mt-3 border-t border-slate-200 pt-3">
      <h3 className="text-sm font-semibold">Sent to attendees</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {messages.map((m) => (
          <li key={m.id}>
            <Link to={`${base}/messages#message-${m.id}`}>{m.subject}</Link>
            <span className="text-slate-600">{` · ${KIND_LABELS[m.kind]} to ${m.recipients} ${m.recipients === 1 ? "person" : "people"}`}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
