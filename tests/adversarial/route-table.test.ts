// Guards the route tables. The routes come from the *built* route manifest (what the
// server really serves, so a folder route like `events.$slug.x/route.tsx` counts), the
// Express endpoints from the Express app itself:
// - every route with an `action` has rows in routes.ts (the write matrix, fuzz, CSRF);
// - every route (a loader, or a page alone) has rows in read-routes.ts (the read matrix);
// - every Express endpoint in front of Remix is listed in EXPRESS_ENDPOINTS with what covers it;
// - every intent an action accepts has a row. Intents are read from the exported zod
//   schemas the route imports (directly, or through the module it re-exports its action
//   from or hands its form to), by walking the schemas, not their text. Intents of inline, unexported schemas
//   and bare `intent === "…"` branches are added from the route's own source.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createExpressApp } from "../../server/app.js";
import { READ_ROUTES } from "./read-routes";
import { ROUTES } from "./routes";
import { routeIdOf } from "./harness";

type ManifestRoute = { id: string; path?: string; module: { loader?: unknown; action?: unknown } };
let manifest: Record<string, ManifestRoute>;
let build: { routes: Record<string, ManifestRoute>; entry: { module: Record<string, unknown> } };

const BUILD_DIR = path.resolve(process.env.BUILD_DIR ?? "build");

beforeAll(async () => {
  build = await import(pathToFileURL(path.join(BUILD_DIR, "index.js")).href);
  manifest = build.routes;
});

/** Route ids that need no read row of their own, and why. */
const LOADER_EXEMPT: Record<string, string> = {
  root: "the layout: its loader runs with every page of the read matrix",
};

/**
 * Express endpoints mounted in front of Remix (server/app.js), each with what covers it.
 * A new one fails the guard until it is listed here.
 */
export const EXPRESS_ENDPOINTS: Record<string, string> = {
  "POST /events/:slug/boards/:boardId/dots": "tests/board/dot-endpoint.test.ts (who may vote, hidden tallies, budget, same-origin)",
  "GET /events/:slug/board": "read matrix: events.$slug.board.tsx (the board document is served here before Remix)",
  "GET /events/:slug/boards/:boardId": "read matrix: events.$slug.boards.$boardId.tsx (the board document is served here before Remix)",
};

// ------------------------------------------------------------------ intents from schemas

type ZodLike = { _zod?: { def?: Record<string, unknown> } };

/** Every value an `intent` field of a zod schema accepts (objects, unions, pipes, literals, enums). */
export function intentsOfSchema(value: unknown, field = false, seen = new Set<unknown>()): string[] {
  const def = (value as ZodLike)?._zod?.def;
  if (!def || seen.has(value)) return [];
  seen.add(value);
  const type = def.type as string;
  if (type === "object") {
    const shape = def.shape as Record<string, unknown>;
    return shape?.intent ? intentsOfSchema(shape.intent, true, seen) : [];
  }
  if (type === "union") return (def.options as unknown[]).flatMap((o) => intentsOfSchema(o, field, seen));
  if (type === "pipe") return intentsOfSchema(def.in, field, seen);
  if (type === "optional" || type === "default" || type === "nullable") return intentsOfSchema(def.innerType, field, seen);
  if (!field) return [];
  if (type === "literal") return (def.values as unknown[]).map(String);
  if (type === "enum") return Object.values(def.entries as Record<string, string>).map(String);
  return [];
}

const APP = path.resolve("app");
const IMPORTS = /import\s*\{([^}]*)\}\s*from\s*"~\/([^"]+)"/g;
const REEXPORTS = /export\s*\{([^}]*)\}\s*from\s*"~\/([^"]+)"/g;

const sourceOf = (module: string) => {
  for (const ext of [".ts", ".tsx"]) {
    const file = path.join(APP, module + ext);
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  }
  throw new Error(`no source for ~/${module}`);
};

const names = (list: string) =>
  list
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n && !n.startsWith("type "))
    .map((n) => n.split(/\s+as\s+/)[0].trim());

/** The exported values of `*-schema` modules a source imports, following route helper modules one level. */
function schemaImports(source: string, depth = 0): { module: string; name: string }[] {
  const found: { module: string; name: string }[] = [];
  for (const m of source.matchAll(IMPORTS)) {
    if (/-schema$/.test(m[2])) for (const name of names(m[1])) found.push({ module: m[2], name });
  }
  if (depth === 0) for (const module of actionHelpers(source)) found.push(...schemaImports(sourceOf(module), depth + 1));
  return found;
}

/**
 * Modules an action may live in or hand its form to: the one it is re-exported from, and
 * the `*-action.server` / `*route*.server` modules the route imports (kept out of the
 * route module so schemas stay out of the browser bundle).
 */
function actionHelpers(source: string) {
  const helpers = new Set<string>();
  for (const m of source.matchAll(REEXPORTS)) if (/\baction\b/.test(m[1])) helpers.add(m[2]);
  for (const m of source.matchAll(IMPORTS)) if (/(route[-\w]*|-action)\.server$/.test(m[2])) helpers.add(m[2]);
  return [...helpers];
}

/** Intents named in the route's own text: inline schemas and bare comparisons (no exported schema). */
function inlineIntents(source: string) {
  const found = new Set<string>();
  for (const m of source.matchAll(/intent:\s*z\.literal\("([\w-]+)"\)|intent\s*===\s*"([\w-]+)"|get\("intent"\)\s*===\s*"([\w-]+)"/g)) {
    found.add(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

async function intentsHandled(file: string) {
  const source = fs.readFileSync(path.join(APP, "routes", file), "utf8");
  const intents = new Set<string>();
  for (const { module, name } of schemaImports(source)) {
    const exports = (await import(/* @vite-ignore */ path.join(APP, module))) as Record<string, unknown>;
    for (const intent of intentsOfSchema(exports[name])) intents.add(intent);
  }
  for (const text of [source, ...actionHelpers(source).map(sourceOf)]) for (const intent of inlineIntents(text)) intents.add(intent);
  return [...intents].sort();
}

/** The source file of a route id: `routes/x` is app/routes/x.tsx or app/routes/x/route.tsx. */
function fileOf(id: string) {
  const base = id.replace(/^routes\//, "");
  for (const candidate of [`${base}.tsx`, `${base}.ts`, `${base}/route.tsx`, `${base}/route.ts`]) {
    if (fs.existsSync(path.join(APP, "routes", candidate))) return candidate;
  }
  throw new Error(`no file for route ${id}`);
}

// ------------------------------------------------------------------ the guards

describe("the route tables cover every route the server serves", () => {
  const routeIds = (pick: (r: ManifestRoute) => unknown) =>
    Object.values(manifest)
      .filter((r) => pick(r))
      .map((r) => r.id)
      .sort();

  it("reads the built manifest (with a folder route counted like a flat one)", () => {
    const withAction = routeIds((r) => r.module.action);
    const withLoader = routeIds((r) => r.module.loader);
    // A sanity floor: if reading the manifest broke, this would silently pass everything.
    expect(withAction.length).toBeGreaterThanOrEqual(20);
    expect(withLoader.length).toBeGreaterThanOrEqual(35);
    expect(withAction).toContain("routes/events.$slug.board");
    expect(routeIdOf("events.$slug.x/route.tsx")).toBe("routes/events.$slug.x");
  });

  it("has write rows for every route with an action", () => {
    const inTable = new Set(ROUTES.map((r) => routeIdOf(r.file)));
    const missing = routeIds((r) => r.module.action).filter((id) => !inTable.has(id));
    expect(missing, `Add these routes to tests/adversarial/routes.ts: ${missing.join(", ")}`).toEqual([]);
    const stale = [...inTable].filter((id) => !manifest[id]?.module.action);
    expect(stale, "rows for routes that are gone or have no action").toEqual([]);
  });

  it("has read rows for every route (each answers GET: its loader, or its page alone)", () => {
    const inTable = new Set(READ_ROUTES.map((r) => routeIdOf(r.file)));
    const missing = routeIds(() => true).filter((id) => !inTable.has(id) && !LOADER_EXEMPT[id]);
    expect(missing, `Add these routes to tests/adversarial/read-routes.ts: ${missing.join(", ")}`).toEqual([]);
    const stale = [...inTable].filter((id) => !manifest[id]);
    expect(stale, "read rows for routes that are gone").toEqual([]);
  });

  it("lists every Express endpoint in front of Remix", () => {
    const app = createExpressApp({ build, buildDir: BUILD_DIR, isDev: false });
    type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> } };
    const stack: Layer[] = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
    const endpoints = stack
      .filter((layer) => layer.route && layer.route.path !== "*")
      .flatMap((layer) => {
        const paths = Array.isArray(layer.route!.path) ? layer.route!.path : [layer.route!.path];
        const methods = Object.keys(layer.route!.methods).map((m) => m.toUpperCase());
        return methods.flatMap((m) => paths.map((p) => `${m} ${p}`));
      })
      .sort();
    expect(endpoints.length).toBeGreaterThanOrEqual(3);
    expect(endpoints).toEqual(Object.keys(EXPRESS_ENDPOINTS).sort());
  });

  it("reads intents from the exported schemas", async () => {
    expect(await intentsHandled("events.$slug.board.tsx")).toEqual(expect.arrayContaining(["carry-over", "promote", "settings", "vote"]));
    expect(await intentsHandled("events.$slug.attendees.tsx")).toEqual(expect.arrayContaining(["approve", "check-in", "undo-check-in"]));
    expect(await intentsHandled("account.tsx")).toEqual(expect.arrayContaining(["change-password", "end-session", "logout-everywhere"]));
    expect(await intentsHandled("events.$slug.schedule_.setup.tsx")).toEqual(
      expect.arrayContaining(["save-room", "delete-slot", "marketplace"]),
    );
    expect(await intentsHandled("outbox.tsx")).toEqual(["retry"]);
    // An action that hands the form to a module of its own (agenda-action.server): exactly
    // its own intents (the agenda once took the schedule's whole sessionIdSchema, and with
    // it accept/decline/cancel/withdraw/unplace as "unstar").
    expect((await intentsHandled("events.$slug.agenda.tsx")).sort()).toEqual(["create-feed", "revoke-feed", "star", "unstar"]);
  });

  it("has a row for every intent an action accepts", async () => {
    const missing: string[] = [];
    for (const id of routeIds((r) => r.module.action)) {
      const file = fileOf(id);
      const rows = new Set(ROUTES.filter((r) => routeIdOf(r.file) === id).map((r) => r.intent));
      for (const intent of await intentsHandled(file)) if (!rows.has(intent)) missing.push(`${file} · ${intent}`);
    }
    expect(missing, `Add rows for: ${missing.join(", ")}`).toEqual([]);
  });
});
