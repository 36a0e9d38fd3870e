// The 10,000 most common passwords, checked offline. The list is the frequency-ranked
// password dictionary that @zxcvbn-ts/language-common ships as plain JSON (MIT, built
// from leaked-password corpora); we keep its first 10,000 entries. Loaded once, lazily,
// into a Set of lower-case strings. Server-only: the list never reaches the browser.
import fs from "node:fs";
import { createRequire } from "node:module";
import { invalid } from "~/utils/errors.server";

export const COMMON_PASSWORD_COUNT = 10_000;
export const COMMON_PASSWORD_MESSAGE = "This password is one of the 10,000 most common ones, so it is guessed first. Choose another.";

let common: Set<string> | undefined;

function loadList(): Set<string> {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@zxcvbn-ts/language-common/src/passwords.json");
  const ranked = JSON.parse(fs.readFileSync(file, "utf8")) as string[];
  return new Set(ranked.slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()));
}

export function commonPasswords(): Set<string> {
  common ??= loadList();
  return common;
}

/** True when the password (ignoring case and surrounding spaces) is on the list. */
export function isCommonPassword(password: string) {
  return commonPasswords().has(password.normalize("NFKC").trim().toLowerCase());
}

/** Throws a 400 DomainError with the message on `field` when the password is common. */
export function assertUncommonPassword(password: string, field = "password") {
  if (isCommonPassword(password)) {
    throw invalid(COMMON_PASSWORD_MESSAGE, { [field]: [COMMON_PASSWORD_MESSAGE] });
  }
}
