// After "Send them a link to take this seat" (a walk-in whose address has an account): the
// link went to their address; here it is as a QR code to scan at the door, and as text to
// copy. Shown this once: only the link's fingerprint is kept.
import { Form } from "@remix-run/react";
import { CopyButton } from "~/components/copy-button";
import { FlashMessage } from "~/components/flash-message";
import { QrCode } from "~/components/qr-code";
import { SubmitButton } from "~/components/submit-button";
import type { WalkInLinkSent } from "~/registration/walk-in-schema";

export function WalkInLinkSentPanel({ sent }: { sent: WalkInLinkSent["walkInLink"] }) {
  return (
    <FlashMessage className="mt-3">
      <p>{`We e-mailed a link to take this seat to ${sent.email}. They can also scan this code with their phone: they sign in and agree to the privacy notice themselves. The link works once, for a day.`}</p>
      <QrCode svg={sent.qrSvg} url={sent.link} label="QR code of the link to take this seat" className="mx-auto max-w-48 text-xs" />
      <CopyButton text={sent.link} label="Copy link" />
    </FlashMessage>
  );
}

/** The one-tap alternative offered beside the refusal on the e-mail field. */
export function SendWalkInLinkForm({ email }: { email: string }) {
  return (
    <Form method="post" className="mt-3">
      <input type="hidden" name="intent" value="walk-in-link" />
      <input type="hidden" name="email" value={email} />
      <SubmitButton variant="secondary">Send them a link to take this seat</SubmitButton>
    </Form>
  );
}
