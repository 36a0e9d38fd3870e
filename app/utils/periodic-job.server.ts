// The one shape of a background job (registered in startup.server.ts): run once at
// start-up, then every `intervalMs`; a failure is logged and the next run tries again;
// the timer never keeps the process alive.
export function startPeriodicJob(intervalMs: number, work: () => void, failure: string) {
  const run = () => {
    try {
      work();
    } catch (error) {
      console.error(failure, error);
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
