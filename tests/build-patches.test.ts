// What the two build patches (patches/, applied by patch-package in postinstall; ADR 020,
// "Fewer requests and less zod") do to the browser build, read from build/metafile.js.json
// (written by `remix build`):
// - @remix-run/dev: every `.server` import (and @remix-run/node) in browser code becomes ONE
//   side-effect-free empty module, not a 100-byte chunk and a request per path;
// - zod: its "browser" field swaps the JSON Schema output (never used in the browser) for
//   stand-ins; the server, vitest and Node keep the real one.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";

type Metafile = { outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> };

function browserBuild(): Metafile {
  return JSON.parse(fs.readFileSync(path.resolve(process.env.BUILD_DIR ?? "build", "metafile.js.json"), "utf8"));
}

const inputsMatching = (metafile: Metafile, pattern: RegExp) =>
  Object.entries(metafile.outputs).flatMap(([output, { inputs }]) =>
    Object.keys(inputs)
      .filter((name) => pattern.test(name))
      .map((name) => `${output}: ${name}`),
  );

describe("the browser build", () => {
  it("has at most one empty module for all `.server` imports, not one chunk per path", () => {
    const stubs = inputsMatching(browserBuild(), /^empty-module:/);
    expect(stubs.length).toBeLessThanOrEqual(1);
  });

  it("ships zod without its JSON Schema output, and with the checks' aggregation it keeps", () => {
    const metafile = browserBuild();
    expect(inputsMatching(metafile, /node_modules\/zod\/v4\/core\/schemas\.js$/)).toHaveLength(1);
    expect(inputsMatching(metafile, /node_modules\/zod\/v4\/core\/(to-json-schema|json-schema-processors)\.js$/)).toEqual([]);
    expect(inputsMatching(metafile, /node_modules\/zod\/v4\/core\/json-schema-processors\.browser\.js$/)).toHaveLength(1);
  });
});

describe("zod outside the browser build", () => {
  it("still writes JSON Schema (the browser field is for the browser build only)", () => {
    expect(z.toJSONSchema(z.object({ name: z.string().min(3) }))).toMatchObject({
      type: "object",
      properties: { name: { type: "string", minLength: 3 } },
      required: ["name"],
    });
  });
});
