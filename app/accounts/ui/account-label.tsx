// The signed-in person in the header's account link: a personal slot of every page (a
// page served from a shared template fills it in per viewer, ADR 014).
import { PersonalSlot } from "~/components/personal-slot";

export function AccountLabel({ name, organisationName }: { name: string; organisationName: string | null }) {
  return (
    <PersonalSlot name="account">
      <span>
        <span className="sr-only">Signed in as </span>
        {name}
        {organisationName ? <span className="text-slate-500"> · {organisationName}</span> : null}
      </span>
    </PersonalSlot>
  );
}
