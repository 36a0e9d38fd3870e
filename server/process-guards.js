// @ts-check
// What `npm start` does when something inside it fails that nothing else caught: log it,
// close the server for at most a moment, and exit with code 1, so the supervisor that
// keeps the app running (systemd, the container's restart policy: README, "Running in
// production"; ADR 015) starts a fresh process. Carrying on after an uncaught exception
// would run on in an unknown state.

/**
 * @param {() => Promise<void> | void} stop closes the server (in-flight requests are cut)
 * @param {{ graceMs?: number }} [options] how long stop() may take before the exit anyway
 */
export function exitOnFatalErrors(stop, { graceMs = 3000 } = {}) {
  let stopping = false;
  /** @param {string} kind @param {unknown} error */
  const fatal = (kind, error) => {
    console.error(`Knowledge Exchange is stopping after ${kind} (exit code 1; its supervisor restarts it):`, error);
    if (stopping) return;
    stopping = true;
    process.exitCode = 1;
    setTimeout(() => process.exit(1), graceMs).unref();
    Promise.resolve()
      .then(stop)
      .catch((closeError) => console.error("Closing the server failed:", closeError))
      .finally(() => process.exit(1));
  };
  process.on("uncaughtException", (error) => fatal("an uncaught exception", error));
  process.on("unhandledRejection", (reason) => fatal("an unhandled promise rejection", reason));
}
