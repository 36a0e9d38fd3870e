// A limited log-in in the browser (with JavaScript): the form stays, with the message
// where the errors go, the e-mail kept and the password field empty; nobody is signed in.
process.env.KX_RATE_LIMIT_MULTIPLIER = "1";

import { describe, expect, it } from "vitest";
import { LOGIN_LIMITS } from "~/accounts/login-limits.server";
import { newBrowserContext, watchPage } from "../helpers/browser";
import { makeUser, TEST_PASSWORD } from "../helpers/factories";
import { startTestServer } from "../helpers/server";

const server = await startTestServer();

describe("a limited log-in", () => {
  it("shows how long to wait on the form and signs nobody in, even with the right password", async () => {
    const user = await makeUser();
    const context = await newBrowserContext();
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/login`);
    const email = page.getByLabel("E-mail", { exact: true });
    const password = page.getByLabel("Password", { exact: true });
    await email.fill(user.email!);
    for (let i = 0; i < LOGIN_LIMITS.freeFailuresPerPair; i++) {
      await password.fill(`wrong password ${i}`);
      const answer = page.waitForResponse((r) => r.request().method() === "POST");
      await page.getByRole("button", { name: "Log in" }).click();
      expect((await answer).status()).toBe(400);
      await page.getByText("E-mail or password is wrong.").waitFor();
    }
    await password.fill(TEST_PASSWORD);
    const answer = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Log in" }).click();
    expect((await answer).status()).toBe(429);
    await page
      .getByText("Too many failed log-ins for this e-mail address from your network. Please wait 1 minute and try again.")
      .waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(email.inputValue()).resolves.toBe(user.email);
    expect(await page.getByRole("link", { name: /Signed in as/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
