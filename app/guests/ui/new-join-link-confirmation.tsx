// "Make a new join link?": the confirmation before the join key is replaced (ADR 028), a plain
// form (works without JavaScript) that says what stops working and what stays.
import { Form, Link } from "@remix-run/react";
import { Card } from "~/components/card";
import { SubmitButton } from "~/components/submit-button";
import { useFocusOnAppear } from "~/components/use-focus-on-appear";

export function NewJoinLinkConfirmation() {
  const heading = useFocusOnAppear<HTMLHeadingElement>();
  return (
    <Card className="border-amber-300 bg-amber-50" aria-labelledby="new-join-link-heading">
      <h2 id="new-join-link-heading" ref={heading} tabIndex={-1} className="font-semibold focus:outline-none">
        Make a new join link?
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        The QR code on the screen and every join link shared so far stop letting people join as guests; show or share the new one. Guests
        already in stay, and people with an account are not affected.
      </p>
      <Form method="post" className="mt-3 flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="new-join-link" />
        <SubmitButton pendingLabel="Making a new link…">Make a new join link</SubmitButton>
        <Link to="?" preventScrollReset>
          Cancel
        </Link>
      </Form>
    </Card>
  );
}
