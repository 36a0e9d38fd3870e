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

const SEND_LINK_FORM_ID = "walk-in-link";

/**
 * The one-tap alternative to the refusal on the e-mail field: this form holds what it sends,
 * its button (SendWalkInLinkButton) sits inside the walk-in form right under that refusal.
 */
export function SendWalkInLinkForm({ email }: { email: string }) {
  return (
    <Form method="post" id={SEND_LINK_FORM_ID} hidden>
      <input type="hidden" name="intent" value="walk-in-link" />
      <input type="hidden" name="email" value={email} />
    </Form>
  );
}

/** Submits SendWalkInLinkForm from wherever it is placed (the `form` attribute). */
export function SendWalkInLinkButton() {
  return (
    <div className="sm:col-span-2">
      <SubmitButton variant="secondary" form={SEND_LINK_FORM_ID}>
        Send them a link to take this seat
      </SubmitButton>
    </div>
  );
}
