// "Restore version N?": the confirmation before an old version becomes the current one, a
// plain form (works without JavaScript), saying what happens and what stays.
import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";

export function RestoreConfirmation({ version, currentVersion, error }: { version: number; currentVersion: number; error?: string }) {
  return (
    <Card className="mb-6 border-amber-300 bg-amber-50" aria-labelledby="restore-heading">
      <h2 id="restore-heading" className="font-semibold">
        {`Restore version ${version}?`}
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        {`Its title and text become version ${currentVersion + 1}, with you as its author. Version ${currentVersion} and every other version stay in the history. Tags, co-authors and who may read the note do not change.`}
      </p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Form method="post" className="mt-3 flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="restore" />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="currentVersion" value={currentVersion} />
        <Button>{`Restore version ${version}`}</Button>
        <Link to="?" preventScrollReset>
          Cancel
        </Link>
      </Form>
    </Card>
  );
}
