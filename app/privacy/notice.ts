export const PRIVACY_NOTICE_VERSION = "2026-12";

/** Rows of the privacy notice's table (what, why, how long) about proving who you are (ADR 018). */
export const IDENTITY_NOTICE_ROWS: [string, string, string][] = [
  [
    "E-mail verification: when you verified your address; one-time links (stored only as a SHA-256 hash, with the address they were sent to)",
    "Your company's partner access, direct confirmation on partner events and administrator rights depend on an address you have proven to own, never on the organisation you type.",
    "The verification time until you delete your account or change your address. A link works once and expires after 48 hours; the used or expired record is removed with your account.",
  ],
  [
    "Password reset: one-time links (SHA-256 hash, the address, when it was asked for and used) and an audit entry with the IP address",
    "To let you back in when you forgot your password, and to show afterwards that a reset happened.",
    "A link works once and for 1 hour. Link records go with your account; the audit entry is kept like the rest of the audit log.",
  ],
  [
    "Change of e-mail address: the new address until you verify it",
    "Your account keeps its old address until the new one is proven; the old address is told about the request.",
    "The request lapses after 48 hours if the link is not used.",
  ],
];

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

/** Rows of the notice's "What we store" table about joining an event as a guest (ADR 025): [what, why, how long]. */
export function guestNoticeRows(retentionDays: number): [string, string, string][] {
  return [
    [
      "Joining as a guest: the name you give, which event, when you joined, and a guest cookie holding a random token (stored only as a SHA-256 hash)",
      "So you can propose topics, vote and record takeaways on that event's boards without an account. The cookie works only on that event's pages, and only until the day after it ends.",
      `Your name and the token are erased with the event's registration answers, ${retentionDays} days after the event ends; ask the organisers to erase them sooner (removing you as a guest erases them at once). Your topics, dots and takeaways stay, shown as by a “former attendee”.`,
    ],
  ];
}

/** Rows of the notice's table about walk-ins and declined requests (issue 17): [what, why, how long]. */
export const DOOR_PRIVACY_ROWS: [string, string, string][] = [
  [
    "Walk-ins: the name and e-mail address an organiser types for you at the door, that you agreed to this notice, and an account without a password",
    "To give you a seat and a check-in like everyone registered beforehand, and an e-mail saying so. You can set a password with “Forgot password” (which also proves the address) or delete the account.",
    "Like any registration and account: the answers go after the retention period, the account when you delete it.",
  ],
  [
    "A reason an organiser gives when declining your request",
    "It is sent to you in the e-mail that tells you; it is not kept anywhere else (the audit log notes only that a reason was given).",
    "In the outbox until you delete your account.",
  ],
];
