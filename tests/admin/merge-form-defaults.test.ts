// The merge form of the organisations page does not start with the same organisation in both
// menus (pressing "Merge" at once said "cannot be merged into itself"): review of 7 Dec 2026.
import { describe, expect, it } from "vitest";
import { makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });
const adminClient = client(server.url, await sessionCookieFor(admin.id));

/** The option a select of the page starts on: the one marked selected, else its first. */
function startsOn(html: string, selectId: string) {
  const select = new RegExp(`<select[^>]*id="${selectId}"[^>]*>([\\s\\S]*?)</select>`).exec(html)![1];
  const options = [...select.matchAll(/<option([^>]*)value="(\d+)"([^>]*)>/g)];
  return (options.find((o) => `${o[1]}${o[3]}`.includes("selected")) ?? options[0])[2];
}

describe("the merge form", () => {
  it("starts on two different organisations", async () => {
    makeOrganisation("Typed Name Ltd");
    makeOrganisation("Real Company", "real.example");
    const html = await (await adminClient.get("/admin/organisations")).text();
    expect(startsOn(html, "merge-from")).not.toBe(startsOn(html, "merge-into"));
  });
});
