// Runs before `npm start`: builds the app when there is no build yet, or when a source
// file changed since the last build, so `npm install && npm start` works on a fresh clone
// and after a `git pull`. Only file times are compared (a few ms), never contents.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { compressAssets } from "./compress-assets.js";

const buildDir = process.env.BUILD_DIR || "build";
const buildFile = path.join(buildDir, "index.js");
const SOURCES = ["app", "db", "remix.config.js", "tailwind.config.ts", "package-lock.json"];
// Not part of the bundle: generated SQL is read by the migrator at run time.
const SKIP = new Set(["node_modules", ".git", "migrations"]);

/** Newest modification time (ms) under `entry`, or 0 when it does not exist. */
export function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes the folder's time
  for (const name of fs.readdirSync(entry)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

export function buildIsStale() {
  if (!fs.existsSync(buildFile)) return "No build found";
  const builtAt = fs.statSync(buildFile).mtimeMs;
  const changed = SOURCES.find((source) => newestMtime(source) > builtAt);
  return changed ? `Sources changed since the last build (${changed})` : null;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const reason = buildIsStale();
  if (reason) {
    console.log(`${reason}: building the app…`);
    execSync("npx remix build", { stdio: "inherit", env: { ...process.env, BUILD_DIR: buildDir } });
  }
  // Also after a plain `npx remix build`: the server sends these variants (ADR 020).
  compressAssets(path.join(buildDir, "public"));
}
