// remix-auth v4 only authenticates; the session is ours (session.server.ts).
// The FormStrategy reads the request body, so callers validate a clone first.
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { verifyLogin } from "~/accounts/users.server";

export class InvalidCredentialsError extends Error {}

export const authenticator = new Authenticator<number>();

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const userId = await verifyLogin(email, password);
    if (!userId) throw new InvalidCredentialsError("E-mail or password is wrong.");
    return userId;
  }),
  "form",
);
