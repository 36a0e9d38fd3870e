// Guards the route table: a route file that exports an `action` (a state-changing
// route) and is missing from tests/adversarial/routes.ts fails here, and so does an
// intent the action handles that has no row. Then the matrix, the fuzz pass and the
// CSRF suite cover it automatically once it has a row.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { boardActionSchema } from "~/board/board-schema";
import { ORGANISER_ACTIONS } from "~/registration/registration-schema";
import { ROUTES } from "./routes";

const ROUTES_DIR = path.resolve("app/routes");

const EXPORTS_ACTION = [
  /export\s+(?:async\s+)?function\s+action\b/,
  /export\s+(?:const|let)\s+action\b/,
  /export\s*\{[^}]*\bas\s+action\b[^}]*\}/,
  /export\s*\{\s*(?:[^}]*,\s*)?action\s*(?:,[^}]*)?\}/,
];

function routeFilesWithAction() {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => /\.(tsx|ts|jsx|js)$/.test(f))
    .filter((f) => EXPORTS_ACTION.some((re) => re.test(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8"))))
    .sort();
}

/** The action's source: in the route file, or in the module it re-exports the action from. */
function actionSource(file: string) {
  const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
  const reexport = source.match(/(\w+)\s+as\s+action\b[^}]*\}\s*from\s*"~\/([^"]+)"/);
  if (reexport) {
    const [, name, module] = reexport;
    const text = fs.readFileSync(path.resolve("app", `${module}.ts`), "utf8");
    const start = text.indexOf(`function ${name}`);
    return text.slice(start, text.indexOf("\n}\n", start));
  }
  const start = source.search(/export\s+(?:async\s+)?function\s+action\b/);
  const body = start >= 0 ? source.slice(start, source.indexOf("\n}\n", start)) : "";
  // Inline schemas next to the action (z.literal("retry")) name intents too.
  const literals = [...source.matchAll(/intent:\s*z\.literal\("([\w-]+)"\)/g)].map((m) => `intent === "${m[1]}"`).join("\n");
  return `${body}\n${literals}`;
}

function intentsHandled(file: string) {
  const body = actionSource(file);
  const found = new Set<string>();
  for (const m of body.matchAll(/intent\s*===\s*"([\w-]+)"|get\("intent"\)\s*===\s*"([\w-]+)"|case\s+"([\w-]+)"\s*:/g)) {
    found.add(m[1] ?? m[2] ?? m[3]);
  }
  // Intents that come from a schema rather than from the action's text.
  if (file.includes("board")) for (const option of boardActionSchema.options) found.add(option.shape.intent.value);
  if (file === "events.$slug.attendees.tsx") for (const a of ORGANISER_ACTIONS) found.add(a);
  return [...found].sort();
}

describe("the route table covers every state-changing route", () => {
  const withAction = routeFilesWithAction();
  const inTable = new Set(ROUTES.map((r) => r.file));

  it("finds the route files that export an action", () => {
    // A sanity floor: if the detection broke, this would silently pass everything.
    expect(withAction.length).toBeGreaterThanOrEqual(20);
    expect(withAction).toContain("events.$slug.board.tsx"); // re-exported action
    expect(withAction).toContain("signup.tsx");
    expect(intentsHandled("account.tsx")).toEqual(expect.arrayContaining(["change-password", "end-session", "logout-everywhere"]));
    expect(intentsHandled("events.$slug.schedule_.setup.tsx")).toEqual(expect.arrayContaining(["save-room", "delete-slot", "marketplace"]));
    expect(intentsHandled("outbox.tsx")).toEqual(["retry"]);
    expect(intentsHandled("events.$slug.board.tsx")).toContain("carry-over");
  });

  it("has a row for every route file with an action", () => {
    const missing = withAction.filter((f) => !inTable.has(f));
    expect(missing, `Add these routes to tests/adversarial/routes.ts: ${missing.join(", ")}`).toEqual([]);
  });

  it("has no rows for route files that are gone or have no action", () => {
    const stale = [...inTable].filter((f) => !withAction.includes(f));
    expect(stale).toEqual([]);
  });

  it("has a row for every intent an action handles", () => {
    const missing: string[] = [];
    for (const file of withAction) {
      const rows = new Set(ROUTES.filter((r) => r.file === file).map((r) => r.intent));
      for (const intent of intentsHandled(file)) if (!rows.has(intent)) missing.push(`${file} · ${intent}`);
    }
    expect(missing, `Add rows for: ${missing.join(", ")}`).toEqual([]);
  });
});
