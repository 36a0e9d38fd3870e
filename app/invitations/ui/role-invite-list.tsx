// The addresses a role was offered to (co-organisers, co-authors), accepted or still waiting.
import { Badge } from "~/components/badge";

export function RoleInviteList({ invites, label }: { invites: { id: number; email: string; accepted: boolean }[]; label: string }) {
  if (!invites.length) return null;
  return (
    <ul className="mt-3 space-y-1 text-sm" aria-label={label}>
      {invites.map((invite) => (
        <li key={invite.id} className="flex items-center justify-between gap-2">
          <span>{invite.email}</span>
          {invite.accepted ? <Badge tone="good">accepted</Badge> : <Badge tone="warn">waiting</Badge>}
        </li>
      ))}
    </ul>
  );
}
