// @ts-check
// Writes `x.br` (brotli, quality 11) and `x.gz` (gzip, level 9) next to every compressible
// file of the browser build, once per build: the server sends them as they are
// (server/compression.js, ADR 020). Runs after `remix build` (npm run build, and
// scripts/ensure-build.js before `npm start`); files whose variants are already newer than
// them are skipped, so running it again costs a directory walk.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const COMPRESSIBLE = /\.(js|css|json|svg|map|txt|html)$/;
/** Smaller files are sent as they are: a variant would save less than its own headers. */
const MIN_BYTES = 256;

/** @param {string} file @param {Buffer} body */
function writeAtomically(file, body) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, body);
  fs.renameSync(temporary, file);
}

/**
 * @param {string} publicDir the build's public folder (BUILD_DIR/public)
 * @returns {{ files: number, written: number, bytes: number, brotliBytes: number, gzipBytes: number }}
 */
export function compressAssets(publicDir) {
  const totals = { files: 0, written: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  /** @param {string} dir */
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        continue;
      }
      if (!COMPRESSIBLE.test(entry.name)) continue;
      const stat = fs.statSync(file);
      if (stat.size < MIN_BYTES) continue;
      totals.files++;
      totals.bytes += stat.size;
      const upToDate = (/** @type {string} */ variant) => fs.existsSync(variant) && fs.statSync(variant).mtimeMs >= stat.mtimeMs;
      const body = fs.readFileSync(file);
      const br = `${file}.br`;
      const gz = `${file}.gz`;
      if (!upToDate(br)) {
        writeAtomically(
          br,
          zlib.brotliCompressSync(body, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
        totals.written++;
      }
      if (!upToDate(gz)) {
        writeAtomically(gz, zlib.gzipSync(body, { level: 9 }));
        totals.written++;
      }
      totals.brotliBytes += fs.statSync(br).size;
      totals.gzipBytes += fs.statSync(gz).size;
    }
  };
  walk(publicDir);
  return totals;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const buildDir = process.env.BUILD_DIR || "build";
  const started = performance.now();
  const t = compressAssets(path.join(buildDir, "public"));
  const kB = (/** @type {number} */ n) => `${(n / 1024).toFixed(0)} kB`;
  console.log(
    `Compressed assets in ${buildDir}/public: ${t.files} files, ${kB(t.bytes)} → brotli ${kB(t.brotliBytes)}, gzip ${kB(t.gzipBytes)} (${t.written} variants written, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
