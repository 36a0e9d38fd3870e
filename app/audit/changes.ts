// What an edit changed, for audit details: field → { from, to }, dates as ISO strings.
const comparable = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

export function changedFields<T extends Record<string, unknown>>(before: T, after: T, ignore: string[] = ["updatedAt", "createdAt"]) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (ignore.includes(key)) continue;
    const from = comparable(before[key]);
    const to = comparable(after[key]);
    if (from !== to) {
      // Long text (descriptions) is summarised so the log stays readable.
      const short = (v: unknown) => (typeof v === "string" && v.length > 120 ? `${v.slice(0, 117)}…` : v);
      changes[key] = { from: short(from), to: short(to) };
    }
  }
  return changes;
}
