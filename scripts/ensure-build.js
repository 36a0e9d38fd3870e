// Runs before `npm start`: builds the app once when no build exists, so
// `npm install && npm start` works on a fresh clone.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const buildDir = process.env.BUILD_DIR || "build";
if (!fs.existsSync(path.join(buildDir, "index.js"))) {
  console.log("No build found: building the app (first start only)…");
  execSync("npx remix build", { stdio: "inherit" });
}
