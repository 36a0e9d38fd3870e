// "Related notes": notes about a topic or session other than its official one (ADR 016),
// as far as the viewer may read them (see relatedNotes in app/notes/note-access.server.ts).
import { Link } from "@remix-run/react";

export function RelatedNotes({
  notes,
  heading: Heading = "h3",
  className = "",
}: {
  notes: { id: number; title: string }[];
  heading?: "h3" | "h4";
  className?: string;
}) {
  if (notes.length === 0) return null;
  return (
    <div className={`text-sm ${className}`}>
      <Heading className="font-semibold text-slate-700">Related notes</Heading>
      <ul className="list-disc pl-5">
        {notes.map((note) => (
          <li key={note.id}>
            <Link to={`/notes/${note.id}`}>{note.title}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
