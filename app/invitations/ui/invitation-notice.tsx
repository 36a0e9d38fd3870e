// On the registration form: says that the person comes through an organiser's invitation
// link, and carries the link's token with the form.
export function InvitationNotice({ invitation }: { invitation: { token: string; label: string; skipApproval: boolean } }) {
  return (
    <div role="note" className="rounded-md border border-brand-100 bg-brand-50 p-3 text-sm text-slate-800">
      <input type="hidden" name="invite" value={invitation.token} />
      <p className="font-medium">{`You were invited by the organisers${invitation.label ? ` (${invitation.label})` : ""}.`}</p>
      <p className="mt-1">
        {invitation.skipApproval
          ? "Through this invitation you register directly: confirmed while seats are left, else on the waiting list."
          : "The organisers will review your registration."}
      </p>
    </div>
  );
}
