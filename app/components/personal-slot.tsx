// The personal parts of a page that is otherwise the same for everyone who sees it (a
// board's cards are the same for every attendee; their own dots are not). In a normal
// render a slot is invisible: it renders its children. When the server renders a page's
// shared template (app/utils/document-template.server.ts) it renders a marker instead,
// and each request fills the markers with its viewer's parts.
//
// Rules for what goes in a slot: a component that needs nothing from Remix's router
// (no <Form>, <Link>, hooks of the router), so the server can render it on its own, and
// that starts and ends with an element (React separates adjacent text with comments).
import { createContext, useContext, type ReactNode } from "react";

/** Set only while a shared template is rendered: the marker that stands for slot `name`. */
export const SlotMarkerContext = createContext<((name: string) => ReactNode) | null>(null);

export function PersonalSlot({ name, children }: { name: string; children: ReactNode }) {
  const marker = useContext(SlotMarkerContext);
  return <>{marker ? marker(name) : children}</>;
}
