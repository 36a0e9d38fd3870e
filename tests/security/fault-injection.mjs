// Preloaded (node --import) into a real `server/index.js` by server-process.test.ts: a
// way to make the running server fail as if a bug had thrown, without a route for it.
// SIGUSR2 throws from a callback (an uncaught exception); SIGHUP rejects a promise
// nobody handles.
process.on("SIGUSR2", () => {
  throw new Error("injected fault: thrown from a callback");
});
process.on("SIGHUP", () => {
  Promise.reject(new Error("injected fault: a rejected promise nobody awaited"));
});
