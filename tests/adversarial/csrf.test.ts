// CSRF: every state-changing route in the table, posted by a signed-in person who may
// do it, from another origin or without any Origin/Referer → 403, nothing written. The
// same request from the app's own origin is the control: it is not refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/server";
import { actorFor, matches } from "./harness";
import { caseName, expectedFor, ROUTES, type Fields, type RouteCase } from "./routes";
import { closeObserver, describeChange, snapshot, wroteBetween } from "./snapshot";
import { buildWorld, type Role } from "./world";

let baseUrl: string;
beforeAll(async () => {
  baseUrl = (await startTestServer()).url;
});
afterAll(() => closeObserver());

const ATTACKS: { name: string; headers: Record<string, string> }[] = [
  { name: "cross-origin Origin", headers: { Origin: "https://evil.example" } },
  { name: "cross-origin Referer, no Origin", headers: { Referer: "https://evil.example/form.html" } },
  { name: "Origin: null (sandboxed frame, data: URL)", headers: { Origin: "null" } },
  { name: "look-alike origin", headers: { Origin: "http://127.0.0.1.evil.example" } },
  { name: "no Origin and no Referer", headers: {} },
];

/** The most powerful role the row allows (so the request would succeed if it got through). */
function roleFor(row: RouteCase): Role {
  const order: Role[] = ["organiser", "admin", "author", "attendee", "otherOrganiser", "otherAttendee", "anonymous"];
  return order.find((r) => expectedFor(row, r) === "ok") ?? "organiser";
}

function body(fields: Fields) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return params;
}

let attacks = 0;

describe("CSRF: cross-origin and origin-less posts are refused", () => {
  for (const row of ROUTES) {
    // A row with a known bug fails its same-origin control until the fix (routes.ts: knownBug).
    (row.knownBug ? it.fails : it)(caseName(row), async () => {
      const role = roleFor(row);
      const w = await buildWorld(row.setup);
      const { actor, cookie } = await actorFor(w, role);
      const fields = { ...row.fields(w, actor), ...(row.prepare?.(w, actor, role) ?? {}) };
      for (const attack of ATTACKS) {
        const before = snapshot();
        const response = await fetch(baseUrl + row.path(w), {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}), ...attack.headers },
          body: body(fields),
        });
        await response.arrayBuffer();
        const after = snapshot();
        attacks++;
        expect(response.status, `${attack.name} as ${role}`).toBe(403);
        expect(wroteBetween(before, after), `${attack.name} wrote: ${describeChange(before, after)}`).toBe(false);
      }
      // Control: the very same request from the app's own origin is let through.
      const control = await fetch(baseUrl + row.path(w), {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}), Origin: baseUrl },
        body: body(fields),
      });
      await control.arrayBuffer();
      const expected = expectedFor(row, role);
      expect(
        matches(expected, { status: control.status, location: control.headers.get("location") }),
        `same-origin control as ${role}: expected ${expected}, got ${control.status}`,
      ).toBe(true);
    });
  }

  it("tried every attack on every row", () => {
    expect(attacks).toBe(ROUTES.length * ATTACKS.length);
    console.info(
      `[adversarial] CSRF: ${ROUTES.length} route × intent rows × ${ATTACKS.length} attacks = ${attacks} refused posts, nothing written`,
    );
  });
});
