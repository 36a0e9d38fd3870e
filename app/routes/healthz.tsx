import { getDb, prepared } from "#db/client";

export async function loader() {
  try {
    const db = getDb();
    prepared(db, "healthz", (d) => d.$client.prepare("select 1")).get();
    return new Response(JSON.stringify({ status: "ok", database: "ok" }), {
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  } catch (error) {
    console.error("healthz: database check failed", error);
    return new Response(JSON.stringify({ status: "error", database: "unreachable" }), {
      status: 503,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  }
}
