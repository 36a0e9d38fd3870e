// The organiser at the door on a phone (390 × 844): signed in, on the attendee list, adding
// a walk-in by visible labels. Shared by the walk-in browser tests.
import type { Page } from "playwright-core";
import { newBrowserContext, signInContext, watchPage } from "./browser";
import { sessionCookieFor } from "./server";

export async function phoneSignedIn(baseUrl: string, userId: number) {
  const context = await newBrowserContext({ viewport: { width: 390, height: 844 } });
  await signInContext(context, baseUrl, await sessionCookieFor(userId));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, problems: watchPage(page) };
}

/** Fills "Add a walk-in" with an address that has an account and waits for the refusal. */
export async function walkInRefusedForAccount(page: Page, name: string, email: string) {
  await page.getByText("Add a walk-in").click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("They agree to the privacy notice").check();
  await page.getByRole("button", { name: "Add walk-in" }).click();
  await page.getByText("This address already has an account, so only its owner can register it.").waitFor();
}
