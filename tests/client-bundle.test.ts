// What the browser downloads (ADR 020): the browser build maps `zod` to
// app/utils/zod-browser.ts, which must offer every zod constructor the app's browser code
// calls; and the build's JavaScript holds no zod locale but English (zod's default, the
// server's too), no JSON-schema importer and no Drizzle (build/metafile.js.json, written by
// `remix build`). zod classic's own toJSONSchema methods (about 19 kB) stay: ADR 020.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z as browserZod } from "~/utils/zod-browser";

/** Source files that may reach the browser: everything in app/ but *.server.* modules. */
function browserSources(dir = path.resolve("app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return browserSources(file);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.includes(".server.") ? [file] : [];
  });
}

describe("zod in the browser", () => {
  it("is mapped to the named-import module for the browser build only", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
    expect(pkg.browser).toEqual({ zod: "./app/utils/zod-browser.ts" });
  });

  it("offers every z.something the browser code calls", () => {
    const used = new Set<string>();
    for (const file of browserSources()) {
      const source = fs.readFileSync(file, "utf8");
      if (!/from "zod"/.test(source)) continue;
      // Types (z.infer, z.input, z.ZodType …) vanish at build time; values are lower-case
      // calls, plus the few upper-case values zod exports.
      for (const [, name, member] of source.matchAll(/\bz\.([A-Za-z_]+)(?:\.([a-z]+)\()?/g)) {
        if (["infer", "input", "output"].includes(name) || /^Zod(?!Error)/.test(name)) continue;
        used.add(member ? `${name}.${member}` : name);
      }
    }
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter((name) => {
      const [head, member] = name.split(".");
      const value = (browserZod as Record<string, unknown>)[head];
      return member ? typeof (value as Record<string, unknown> | undefined)?.[member] !== "function" : value === undefined;
    });
    expect(missing).toEqual([]);
  });
});

describe("the browser build", () => {
  const metafile = path.resolve(process.env.BUILD_DIR ?? "build", "metafile.js.json");

  it("holds no zod locale but English, no JSON-schema importer and no Drizzle", () => {
    const { outputs } = JSON.parse(fs.readFileSync(metafile, "utf8")) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const shipped = Object.values(outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([name]) => name),
    );
    expect(shipped.some((name) => name.includes("node_modules/zod/"))).toBe(true);
    const unwanted = /zod\/v4\/locales\/(?!en\.js)|from-json-schema|drizzle-orm|db\/schema\.ts/;
    expect(shipped.filter((name) => unwanted.test(name))).toEqual([]);
  });
});
