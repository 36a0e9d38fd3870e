// Every route with an action takes forms only (issue 18, finding 7): a JSON, text/plain
// or multipart body is a clear 415 and writes nothing (it used to be a 500 from
// request.formData()); a POST without a body is an empty form, answered by the route
// (never a 500). The routes come from the adversarial route table, whose guard fails
// when a route with an action is missing from it.
import { describe, expect, it } from "vitest";
import { postAndCompare } from "../adversarial/harness";
import { ROUTES } from "../adversarial/routes";
import { describeChange, snapshot } from "../adversarial/snapshot";
import { buildWorld } from "../adversarial/world";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const world = await buildWorld({ phase: "collect" });
const cookie = await sessionCookieFor(world.people.admin.id);
/** One row per route file: the content type is refused before any intent is looked at. */
const routes = [...new Map(ROUTES.map((row) => [row.file, row])).values()];

const NOT_FORMS: [string, string, string][] = [
  ["JSON", "application/json", JSON.stringify({ intent: "delete", email: "a@b.example" })],
  ["text/plain", "text/plain", "intent=delete\nemail=a@b.example"],
  ["multipart", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="intent"\r\n\r\ndelete\r\n--x--\r\n'],
  ["a type without a body format", "application/octet-stream", "\u0000\u0001"],
];

describe("a body that is not a urlencoded form", () => {
  it("covers every route file with an action", () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it.each(routes.map((row) => [row.file, row] as const))("is refused with 415 and writes nothing: %s", async (_file, row) => {
    const path = row.path(world);
    for (const [name, type, body] of NOT_FORMS) {
      const outcome = await postAndCompare(server.url, path, {}, cookie, { init: { body, headers: { "Content-Type": type } } });
      expect(outcome.status, `${name} to ${path}`).toBe(415);
      expect(outcome.written, `${name} to ${path} wrote: ${describeChange(outcome.before, outcome.after)}`).toBe(false);
    }
  });

  it("says which type to send", async () => {
    const response = await fetch(`${server.url}/signup`, {
      method: "POST",
      body: JSON.stringify({ name: "J", email: "json@test.example", password: "a long enough password" }),
      headers: { "Content-Type": "application/json", Origin: server.url },
    });
    expect(response.status).toBe(415);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("Unsupported Media Type: send the form as application/x-www-form-urlencoded.");
  });
});

describe("a POST with no body and no Content-Type", () => {
  it.each(routes.map((row) => [row.file, row] as const))(
    "is an empty form, answered by the route without a 500: %s",
    async (_file, row) => {
      const path = row.path(world);
      // A session of its own: the logout case ends the one it uses.
      const ownCookie = await sessionCookieFor(world.people.admin.id);
      const before = snapshot();
      const response = await fetch(server.url + path, {
        method: "POST",
        headers: { Origin: server.url, Cookie: ownCookie },
        redirect: "manual",
      });
      await response.arrayBuffer();
      expect(response.status, path).toBeLessThan(500);
      // Only logging out and following a verification link act on an empty form (the session
      // row goes; the address is verified, which is audited); everything else finds fields
      // missing. (Rate limits may count the attempt: their rows are not content.)
      const after = snapshot();
      const changed = Object.keys(after.counts).filter((t) => t !== "rate_limits" && after.counts[t] !== before.counts[t]);
      const acts: Record<string, string[]> = { "logout.tsx": ["auth_sessions"], "verify-email.$token.tsx": ["audit_log"] };
      expect(changed, path).toEqual(acts[row.file] ?? []);
    },
  );
});
