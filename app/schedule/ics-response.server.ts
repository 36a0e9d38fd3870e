// Serving iCalendar text: the right content type, a file name, and no caching of a
// private feed by shared caches.

export function icsResponse(body: string, filename: string, options: { private?: boolean } = {}) {
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${filename.replace(/[^\w.-]/g, "-")}"`,
      "Cache-Control": options.private ? "private, no-store" : "public, max-age=300",
      ...(options.private ? { "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" } : {}),
    },
  });
}
