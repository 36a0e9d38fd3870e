// A broken or expired verification or reset link says "ask for a new one": the error page
// links to where that is done, not only "Back to the exchanges" (review of 7 Dec 2026).
import { describe, expect, it } from "vitest";
import { client, startTestServer } from "../helpers/server";

const server = await startTestServer();
const anonymous = client(server.url);

describe("a broken account link", () => {
  it.each([
    { link: "/reset-password/not-a-real-token", message: "This reset link is not valid.", wayOn: "/forgot-password" },
    { link: "/verify-email/not-a-real-token", message: "This link is not valid.", wayOn: "/verify-email" },
  ])("$link says why and leads on to $wayOn to ask for a new one", async ({ link, message, wayOn }) => {
    const response = await anonymous.get(link);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).toMatch(new RegExp(`<a[^>]*href="${wayOn}"[^>]*>Ask for a new link</a>`));
  });
});
