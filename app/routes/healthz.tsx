import { sql } from "drizzle-orm";
import { getDb } from "#db/client";

export async function loader() {
  try {
    // The simplest statement that needs a working connection; not a hot path (a probe every few seconds).
    getDb().get(sql`select 1`);
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
