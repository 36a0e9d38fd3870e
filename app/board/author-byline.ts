// How the board names the author of a topic or of takeaways. A guest typed their name at
// the door (ADR 025), so it is marked as a guest's: nobody passes for the organiser or a
// speaker by taking their name (security review, 7 Dec 2026). A name erased since (account
// deleted, guests purged) reads "former attendee".
export const authorByline = (name: string | null, isGuest: boolean) =>
  name === null ? "former attendee" : isGuest ? `${name} (guest)` : name;
