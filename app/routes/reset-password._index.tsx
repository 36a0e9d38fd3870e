// Where a successful reset lands: the password is changed and every session ended.
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Card } from "~/components/card";

export const meta: MetaFunction = () => [{ title: "Password changed · Knowledge Exchange" }];

export default function PasswordChanged() {
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="text-2xl font-bold">Your password is changed</h1>
        <p role="status" className="mt-3 text-slate-700">
          Every browser that was logged in to your account is logged out now. <Link to="/login">Log in</Link> with your new password.
        </p>
        <p className="mt-3 text-sm text-slate-600">
          Need to reset again? <Link to="/forgot-password">Ask for a new link</Link>.
        </p>
      </Card>
    </div>
  );
}
