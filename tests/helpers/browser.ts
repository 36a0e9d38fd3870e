// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Each context
// is a fresh persistent profile in a temp folder, closed after the test file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";

export { CHROMIUM_PATH } from "./chromium";

export async function newBrowserContext(
  options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  afterAll(async () => {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return context;
}

/** Signs the context in as `cookie` (from sessionCookieFor) without the login form. */
export async function signInContext(context: BrowserContext, baseUrl: string, cookie: string) {
  const [name, ...rest] = cookie.split("=");
  await context.addCookies([{ name, value: rest.join("="), url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
}

/**
 * Collects uncaught page errors and any dialog (an XSS would open one); with
 * `cspViolations`, also CSP refusals in the console (which would silently break hydration).
 */
export function watchPage(page: Page, options: { cspViolations?: boolean } = {}) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  if (options.cspViolations) {
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) {
        problems.push(`CSP: ${message.text()}`);
      }
    });
  }
  return problems;
}

/** A fresh context signed in as `cookie` (from sessionCookieFor), on `path`, watched. */
export async function openSignedIn(baseUrl: string, cookie: string, path: string, options: Parameters<typeof newBrowserContext>[0] = {}) {
  const context = await newBrowserContext(options);
  await signInContext(context, baseUrl, cookie);
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(baseUrl + path);
  return { page, problems };
}

/**
 * Reloads the page after a post/redirect/get and returns what a test checks: the reload's
 * status and method, and every request that was not a GET (none, when the post was redirected).
 */
export async function reloadAfterPost(page: Page) {
  const others: string[] = [];
  const watch = (request: { method(): string; url(): string }) => {
    if (request.method() !== "GET") others.push(`${request.method()} ${request.url()}`);
  };
  page.on("request", watch);
  const reload = await page.reload();
  page.off("request", watch);
  return { status: reload?.status(), method: reload?.request().method(), others };
}
