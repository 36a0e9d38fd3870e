// Fuzz pass: every form in the route table, posted by a signed-in organiser (or, where
// the row allows only someone else, that person) with random and oversized values:
// empty, 1 MB strings, unicode, NUL bytes, numbers out of range, arrays for scalars,
// unknown intents, missing and extra fields. Never a 500; on every 4xx nothing written.
// A seeded PRNG makes every failure reproducible: KX_FUZZ_SEED=<seed> re-runs a pass,
// KX_FUZZ_PER_ROW=<n> changes its size.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/server";
import { actorFor, postAndCompare, routeIdOf } from "./harness";
import { caseName, expectedFor, ROUTES, type Fields, type RouteCase } from "./routes";
import { closeObserver, describeChange } from "./snapshot";
import { buildWorld, type Role, type World } from "./world";

const SEED = Number(process.env.KX_FUZZ_SEED ?? 20240607);
const PER_ROW = Number(process.env.KX_FUZZ_PER_ROW ?? 12);

/** mulberry32: small, fast, good enough to pick test values, and reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MB = "<b>x</b>&#0;".repeat(Math.ceil((1 << 20) / 12)).slice(0, 1 << 20);

const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r ",
  "\u0000",
  "a\u0000b",
  "\u0001\u0002\u001f\u007f",
  "𝕏😀👩‍👩‍👧‍👦",
  "\u202eevil\u202c",
  "\u200b\u200c\u200d\ufeff",
  "Z̷̢̛̛͔̖a̸l̵g̶o̵",
  "\ud800", // lone surrogate
  "null",
  "undefined",
  "true",
  "[object Object]",
  "<script>alert(1)</script>",
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "${7*7}{{7*7}}",
  "../../../../etc/passwd",
  "%00%0d%0a",
  "NOT (",
  '"unbalanced',
  "*",
  "AND OR NEAR",
  "a".repeat(10_001),
];

const NASTY_NUMBERS = [
  "-1",
  "0",
  "-0",
  "1.5",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "9007199254740993",
  "99999999999999999999",
  "0x10",
  "1_000",
  "٣",
  "+5",
  " 7 ",
  "2147483648",
];
const NASTY_DATES = [
  "2030-13-45T25:61",
  "0000-00-00T00:00",
  "2030-02-30T10:00",
  "9999-12-31T23:59",
  "2030-06-04",
  "2030-06-04T10:00Z",
  "yesterday",
];

type Mutation = { name: string; apply: (fields: Fields, key: string, rnd: () => number) => void };

const pick = <T>(rnd: () => number, list: readonly T[]) => list[Math.floor(rnd() * list.length)];

const MUTATIONS: Mutation[] = [
  { name: "empty", apply: (f, k) => void (f[k] = "") },
  { name: "string", apply: (f, k, r) => void (f[k] = pick(r, NASTY_STRINGS)) },
  { name: "number", apply: (f, k, r) => void (f[k] = pick(r, NASTY_NUMBERS)) },
  { name: "date", apply: (f, k, r) => void (f[k] = pick(r, NASTY_DATES)) },
  { name: "array", apply: (f, k, r) => void (f[k] = [String(f[k] ?? "1"), pick(r, NASTY_STRINGS)]) },
  { name: "missing", apply: (f, k) => void delete f[k] },
  {
    name: "unknown intent",
    apply: (f, _k, r) =>
      void (f.intent = pick(r, ["", "DROP", "__proto__", "constructor", "delete-everything", "Vote", "vote ", "x".repeat(300)])),
  },
  {
    name: "extra fields",
    apply: (f) =>
      Object.assign(f, {
        "__proto__[admin]": "1",
        "constructor[prototype][isAdmin]": "true",
        "a[0].b": "c",
        isAdmin: "true",
        userId: "1",
        eventId: "1",
      }),
  },
  { name: "appended unicode", apply: (f, k, r) => void (f[k] = `${f[k] ?? ""}${pick(r, ["😀", "\u0000", "\u202e", "̸", "\ufffd"])}`) },
];
const MEGABYTE: Mutation = { name: "1 MB", apply: (f, k) => void (f[k] = MB) };

function mutate(valid: Fields, rnd: () => number, megabyte: boolean) {
  const fields: Fields = structuredClone(valid);
  const keys = [...new Set([...Object.keys(fields), "intent"])];
  const applied: string[] = [];
  const count = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < count; i++) {
    const key = pick(rnd, keys);
    const mutation = megabyte && i === 0 ? MEGABYTE : pick(rnd, MUTATIONS);
    mutation.apply(fields, key, rnd);
    applied.push(`${mutation.name}(${key})`);
  }
  return { fields, applied };
}

function roleFor(row: RouteCase): Role {
  const order: Role[] = ["organiser", "admin", "author", "attendee", "otherOrganiser", "otherAttendee", "anonymous"];
  return order.find((r) => expectedFor(row, r) === "ok") ?? "organiser";
}

let baseUrl: string;
beforeAll(async () => {
  baseUrl = (await startTestServer()).url;
});
afterAll(() => closeObserver());

const totals = { requests: 0, megabyte: 0, resets: 0, retries: 0, byStatus: {} as Record<string, number>, checkedNoWrite: 0 };

describe(`fuzz pass (seed ${SEED}, ${PER_ROW} requests per route × intent)`, () => {
  ROUTES.forEach((row, index) => {
    it(caseName(row), async () => {
      const rnd = prng(SEED + index * 7919);
      const role = roleFor(row);
      let world: World | undefined;
      const problems: string[] = [];
      // One request per row carries a 1 MB value (rendered back into the page in every
      // other row): enough to find size bugs, cheap enough to run on every `npm test`.
      const megabyteAt = Math.floor(rnd() * PER_ROW);
      for (let i = 0; i < PER_ROW; i++) {
        // A fresh world after anything got through, so every request meets the row's set-up.
        world ??= await buildWorld(row.setup);
        const { actor, cookie } = await actorFor(world, role);
        const valid = { ...row.fields(world, actor), ...(row.prepare?.(world, actor, role) ?? {}) };
        const { fields, applied } = mutate(valid, rnd, i === megabyteAt);
        // Mostly browser-style posts (the page renders the action's answer); some as JavaScript's data requests.
        const asData = i === megabyteAt ? index % 2 === 1 : rnd() < 0.4;
        const dataRoute = asData ? routeIdOf(row.file) : undefined;
        const outcome = await postAndCompare(baseUrl, row.path(world), fields, cookie, { dataRoute });
        totals.requests++;
        if (outcome.retried) totals.retries++;
        if (applied.some((a) => a.startsWith("1 MB"))) totals.megabyte++;
        totals.byStatus[outcome.status] = (totals.byStatus[outcome.status] ?? 0) + 1;
        const what = `#${i} ${applied.join(" + ")}${dataRoute ? " (data request)" : ""}`;
        const megabyte = applied.some((a) => a.startsWith("1 MB"));
        if (outcome.status >= 500) problems.push(`${what}: ${outcome.status}`);
        if (outcome.status === 0) {
          // The server answered without reading a 1 MB body (a route that ignores its form).
          totals.resets++;
          if (!megabyte) problems.push(`${what}: connection reset`);
          if (expectedFor(row, role) !== "ok" && outcome.written)
            problems.push(`${what}: reset but wrote ${describeChange(outcome.before, outcome.after)}`);
          world = undefined;
        } else if (outcome.status >= 400 && outcome.status < 500) {
          totals.checkedNoWrite++;
          if (outcome.written) problems.push(`${what}: ${outcome.status} but wrote ${describeChange(outcome.before, outcome.after)}`);
        } else {
          world = undefined;
        }
      }
      expect(problems, `seed ${SEED}, row ${index}:\n${problems.join("\n")}`).toEqual([]);
    });
  });

  it("fuzzed every row", () => {
    expect(totals.requests).toBe(ROUTES.length * PER_ROW);
    console.info(
      `[adversarial] fuzz: seed ${SEED}, ${totals.requests} requests over ${ROUTES.length} route × intent rows (${totals.megabyte} with a 1 MB value), ` +
        `statuses ${JSON.stringify(totals.byStatus)} (0 = connection closed before a 1 MB body was read), ${totals.retries} re-sent after a closed keep-alive socket, ${totals.checkedNoWrite} 4xx answers checked for no write`,
    );
  });
});
