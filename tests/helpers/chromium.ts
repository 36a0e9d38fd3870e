// Where Debian's Chromium is and the flags every headless run here uses (browser tests, the
// XSS probe and the phone bench): no sandbox (CI runs as root), no GPU, no background traffic.
// No vitest import, so the benchmark can use it too.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
