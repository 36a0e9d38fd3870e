// The signed-in person in the header's account link: a personal slot of every page.
export function AccountLabel({ name, organisationName }: { name: string; organisationName: string | null }) {
  return (
    <span>
      <span className="sr-only">Signed in as </span>
      {name}
      {organisationName ? <span className="text-slate-500"> · {organisationName}</span> : null}
    </span>
  );
}
