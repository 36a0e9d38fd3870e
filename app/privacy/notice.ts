export const PRIVACY_NOTICE_VERSION = "2026-11";

/** Rows of the notice's "What we store" table for invitations (ADR 019): [what, why, how long]. */
export const INVITATION_PRIVACY_ROWS: [string, string, string][] = [
  [
    "Invitations by e-mail (co-organiser, co-author): the address invited, who invited, when, and when it was accepted",
    "To give the role to whoever signs up with that address and proves it, and to show organisers and authors who is still to accept.",
    "Kept with the event or note; removed when the event or note is deleted.",
  ],
  [
    "Invitation links you registered through: which link, when",
    "To count each link's uses and let organisers see who came through which invitation. The link itself is stored only as a fingerprint.",
    "Kept with the event; after you delete your account it names a “former attendee”.",
  ],
];
