// One instance per process of things that must not be created twice: the database
// connection, the live pub/sub, the page caches. Kept on globalThis so that `remix dev`,
// which re-evaluates modules on every change, keeps using the same instance instead of
// leaking a second connection or losing the listeners of open live boards.
const store = ((globalThis as { __knowledgeExchange?: Map<string, unknown> }).__knowledgeExchange ??= new Map());

/** The value `create()` made the first time `name` was asked for in this process. */
export function remember<T>(name: string, create: () => T): T {
  if (!store.has(name)) store.set(name, create());
  return store.get(name) as T;
}

/** Replaces what `name` holds (the tests swap the pub/sub; a new DATABASE_PATH opens a new connection). */
export function replaceRemembered<T>(name: string, value: T): T {
  store.set(name, value);
  return value;
}
