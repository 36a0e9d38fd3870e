// Remix v2 on the classic compiler. BUILD_DIR lets parallel builds (tests, benchmarks)
// write to separate folders; the URL of the assets stays /build/.
const buildDir = process.env.BUILD_DIR || "build";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverBuildPath: `${buildDir}/index.js`,
  assetsBuildDirectory: `${buildDir}/public`,
  publicPath: "/build/",
  tailwind: true,
  postcss: false,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off on purpose: the full route manifest in the document costs less per request
    // than lazy discovery (measured by bench/page-cost.ts: 15–20 % less CPU per page).
    v3_lazyRouteDiscovery: false,
  },
};
