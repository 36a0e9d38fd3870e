// Accessibility checks with axe-core inside a real Chromium page. axe.min.js is
// evaluated through the DevTools protocol (page.evaluate), which the page's CSP does
// not apply to, so the app's real CSP stays on during browser tests.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
let axeSource: string | undefined;
const source = () => (axeSource ??= fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));

export type A11yViolation = {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string; html: string; summary: string }>;
};

const BLOCKING = new Set(["serious", "critical"]);

/**
 * Runs axe (WCAG 2.x A/AA rules plus best practices) on the current page and returns
 * the serious and critical violations. `exclude` takes CSS selectors to leave out.
 */
export async function findA11yViolations(page: Page, options: { exclude?: string[] } = {}): Promise<A11yViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.evaluate(source());
  const violations = await page.evaluate(async (exclude) => {
    type AxeResult = {
      violations: Array<{
        id: string;
        impact?: string | null;
        help: string;
        helpUrl: string;
        nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
      }>;
    };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } }).axe;
    const context = exclude.length ? { exclude: exclude.map((selector) => [selector]) } : document;
    const result = await axe.run(context, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? "unknown",
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary ?? "" })),
    }));
  }, options.exclude ?? []);
  return violations.filter((v) => BLOCKING.has(v.impact));
}

/** A readable list for assertion messages. */
export function describeViolations(violations: A11yViolation[]) {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}  ${n.html}\n      ${n.summary.replace(/\n/g, " ")}`).join("\n")}`,
    )
    .join("\n");
}

/** Throws with a readable list when the page has serious or critical violations. */
export async function expectAccessible(page: Page, options: { exclude?: string[] } = {}) {
  const violations = await findA11yViolations(page, options);
  if (violations.length) {
    throw new Error(`Accessibility violations on ${page.url()}:\n${describeViolations(violations)}`);
  }
}
