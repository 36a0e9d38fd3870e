import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Card } from "~/components/card";

export const meta: MetaFunction = () => [{ title: "Account deleted · Knowledge Exchange" }];

export default function AccountDeleted() {
  return (
    <div className="mx-auto max-w-xl">
      <Card>
        <h1 className="text-2xl font-bold">Your account is deleted</h1>
        <p role="status" className="mt-3 text-slate-700">
          Your name, e-mail address, password, registration answers and login sessions are erased. Your seats went to the people on the
          waiting lists. What you contributed stays in the archive as written by a former attendee.
        </p>
        <p className="mt-3 text-slate-700">
          You are welcome back any time: <Link to="/signup">sign up again</Link>, with the same e-mail address if you like.
        </p>
      </Card>
    </div>
  );
}
