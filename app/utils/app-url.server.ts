// Absolute links for e-mails: BASE_URL when set, else this server on localhost.
import { getEnv } from "~/utils/env.server";

export function appUrl(path: string) {
  const env = getEnv();
  return new URL(path, env.BASE_URL ?? `http://localhost:${env.PORT}`).toString();
}
