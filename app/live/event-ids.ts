// Live event ids are "<epoch>-<sequence>" (see pubsub.server.ts); shared by server and browser.

/**
 * Orders two event ids of this server: negative when `a` is older than `b`, 0 when equal,
 * positive when newer. Ids of different epochs (a restart in between) cannot be ordered:
 * `null`, and the caller has to reload.
 */
export function compareEventIds(a: string, b: string): number | null {
  const [ea, sa] = a.split("-");
  const [eb, sb] = b.split("-");
  if (ea !== eb) return null;
  return Number(sa) - Number(sb);
}
