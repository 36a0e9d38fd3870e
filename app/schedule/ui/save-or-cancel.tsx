// The footer of the room and slot forms on "Rooms & slots": the submit button, and while an
// existing row is being edited, a Cancel link back to the plain page.
import { Link } from "@remix-run/react";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";

export function SaveOrCancel({ editing, saveLabel, addLabel }: { editing: boolean; saveLabel: string; addLabel: string }) {
  return (
    <div className="flex gap-2">
      <SubmitButton>{editing ? saveLabel : addLabel}</SubmitButton>
      {editing ? (
        <Link to="." className={buttonClass("ghost")}>
          Cancel
        </Link>
      ) : null}
    </div>
  );
}
