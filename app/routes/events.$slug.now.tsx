// "Now and next" for a screen at the venue: the whole screen (no site header or footer),
// type readable from across the hall, refreshes itself every minute
// (reloads its data with JavaScript; a meta refresh inside <noscript> without it, so the
// page does not trip axe's meta-refresh rule). `?at=` shows another moment (rehearsals).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { nowAndNext } from "~/schedule/grid.server";
import { scheduleContext } from "~/schedule/route-helpers.server";
import { FORMAT_LABELS } from "~/schedule/schedule-schema";
import { formatDate, formatTime } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Now and next · ${data?.event.title ?? "Event"}` }];

const REFRESH_SECONDS = 60;

export const handle = { chrome: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await scheduleContext(request, params.slug);
  const raw = new URL(request.url).searchParams.get("at");
  const parsed = raw ? new Date(raw) : new Date();
  const at = Number.isNaN(parsed.getTime()) ? new Date() : parsed;
  return json({ event: { slug: event.slug, title: event.title, timeZone: event.timeZone }, view: nowAndNext(event, at) });
}

type SlotView = ReturnType<typeof useLoaderData<typeof loader>>["view"]["now"][number];

function SlotBlock({ slot, tz, heading, at }: { slot: SlotView; tz: string; heading: string; at: string }) {
  // A slot on another day (e.g. the event is still weeks away) names its date.
  const day = formatDate(slot.startsAt, tz) === formatDate(at, tz) ? "" : `${formatDate(slot.startsAt, tz)}, `;
  return (
    <section aria-label={`${heading}: ${day}${formatTime(slot.startsAt, tz)}`} className="rounded-3xl bg-slate-800 p-[2vw]">
      <p className="text-4xl font-semibold text-sky-300">
        {day}
        {formatTime(slot.startsAt, tz)}–{formatTime(slot.endsAt, tz)}
        {slot.label ? <span className="text-slate-300"> · {slot.label}</span> : null}
      </p>
      {slot.kind === "break" ? (
        <p className="mt-4 text-6xl font-bold">{slot.label || "Break"}</p>
      ) : slot.sessions.length ? (
        <ul className="mt-6 grid gap-6 md:grid-cols-2 xl:grid-cols-3">
          {slot.sessions.map((s) => (
            <li key={s.id} className="rounded-2xl bg-slate-700 p-6">
              <p className="text-2xl font-semibold uppercase tracking-wide text-amber-300">{s.roomName}</p>
              <p className="mt-2 break-words text-[clamp(2rem,3vw,3.5rem)] font-bold leading-tight">{s.title}</p>
              <p className="mt-3 text-3xl text-slate-200">
                {s.hosts.map((h) => h.name).join(", ")} · {FORMAT_LABELS[s.format]}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-4 text-4xl text-slate-300">Open space: no sessions placed.</p>
      )}
    </section>
  );
}

export default function NowAndNext() {
  const { event, view } = useLoaderData<typeof loader>();
  const tz = event.timeZone;
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [revalidator]);
  return (
    <div className="min-h-screen flex-1 bg-slate-900 px-[3vw] py-8 text-white">
      <noscript>
        <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
      </noscript>
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="break-words text-[clamp(2rem,4.5vw,5.5rem)] font-bold leading-tight">{event.title}</h1>
        <p className="text-4xl text-slate-300">
          {formatDate(view.at, tz)}, {formatTime(view.at, tz)} <span className="text-2xl">({tz})</span>
        </p>
      </div>
      <h2 className="mt-8 text-5xl font-bold text-emerald-300">Now</h2>
      <div className="mt-4 space-y-6">
        {view.now.length ? (
          view.now.map((slot) => <SlotBlock key={slot.id} slot={slot} tz={tz} heading="Now" at={view.at} />)
        ) : (
          <p className="text-4xl text-slate-300">{view.finished ? "That’s a wrap. Thank you for coming!" : "Nothing running right now."}</p>
        )}
      </div>
      <h2 className="mt-12 text-5xl font-bold text-sky-300">Next</h2>
      <div className="mt-4 space-y-6">
        {view.next.length ? (
          view.next.map((slot) => <SlotBlock key={slot.id} slot={slot} tz={tz} heading="Next" at={view.at} />)
        ) : (
          <p className="text-4xl text-slate-300">Nothing else is scheduled.</p>
        )}
      </div>
      <p className="no-print mt-12 text-xl">
        <Link to={`/events/${event.slug}/schedule`} className="text-sky-300">
          Full schedule
        </Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
