// Who may read a note, said to the person looking: "Shared with …" when they may read it,
// "recorded for … only; not shared with you" when they may not. The statement comes from the
// note's own visibility, never from the viewer's role (issue 17.7).
import type { NoteTrustData } from "~/notes/ui/trust";

type Visibility = NoteTrustData["visibility"];

const audience: Record<Visibility, string> = {
  public: "everyone (public)",
  attendees: "the attendees of this event",
  partners: "members of the partner organisations",
};

export function NoteAudience({
  visibility,
  readable,
  what = "Takeaways",
  className = "",
}: {
  visibility: Visibility;
  readable: boolean;
  what?: string;
  className?: string;
}) {
  return (
    <p className={`text-sm text-slate-600 ${className}`}>
      {readable ? `Shared with ${audience[visibility]}.` : `${what} recorded for ${audience[visibility]} only; not shared with you.`}
    </p>
  );
}
