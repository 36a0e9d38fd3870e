// The rooms × slots grid, one table per day. Without JavaScript it is a readable table
// (placing happens through the form below it). On a phone (below Tailwind's `md`) the same
// table is laid out by schedule.css as a list grouped by time slot: each slot's time heads
// its sessions, each card names its room (`sg-rl`, shown only there), free cells vanish.
// One markup for both, so the page carries no second copy of ~100 cards (issue 17.3). With JavaScript, sessions can be dragged
// into free cells, or moved by keyboard: "Move" picks a session up, then every free cell
// offers a "Place here" button; Escape puts it back.
import { Form, useFetcher, useNavigate } from "@remix-run/react";
import { SubmitButton } from "~/components/submit-button";
import type { MouseEvent } from "react";
import { useEffect, useRef, useState } from "react";
import { Badge } from "~/components/badge";
import { useHydrated } from "~/components/enhanced-flag";
import { ScheduleStarButton } from "~/schedule/ui/star-button";
import { FORMAT_LABELS } from "~/schedule/schedule-schema";
import { formatTime } from "~/utils/dates";

export type GridSessionView = {
  id: number;
  title: string;
  format: keyof typeof FORMAT_LABELS;
  status: string;
  /** Host names, joined. */
  hosts: string;
  starCount: number;
  roomId: number | null;
  slotId: number | null;
  noteId: number | null;
};

export type GridData = {
  rooms: { id: number; name: string; capacity: number }[];
  slots: { id: number; startsAt: string; endsAt: string; kind: string; label: string | null; overlaps: boolean }[];
  days: { key: string; label: string; slotIds: number[] }[];
  placed: GridSessionView[];
  unplaced: GridSessionView[];
  starredIds: number[];
  placeableIds: number[];
  warnings: { kind: string; message: string; sessionIds: number[] }[];
  viewer: { signedIn: boolean; organiser: boolean; participant: boolean; canPlace: boolean; marketplace: boolean };
};

type PlaceResult = { ok: boolean; intent: string; message: string; warnings?: { kind: string; message: string }[] };

/**
 * The cards link with plain <a href>; this follows them client-side (one delegated
 * handler instead of ~200 <Link>s, each resolving its path with router hooks on every
 * server render). Modifier keys, middle clicks and no JavaScript: ordinary links.
 */
function useFollowLinksClientSide() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const anchor = (event.target as Element).closest("a");
    if (!anchor || !event.currentTarget.contains(anchor) || anchor.target || anchor.hasAttribute("download")) return;
    if (anchor.origin !== window.location.origin || anchor.hash) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search);
  };
}

export function ScheduleGrid({
  data,
  slug,
  timeZone,
  nowSlotIds = [],
}: {
  data: GridData;
  slug: string;
  timeZone: string;
  /** The slots running at the time of the request, highlighted with "Now". */
  nowSlotIds?: number[];
}) {
  const fetcher = useFetcher<PlaceResult>();
  const [picked, setPicked] = useState<number | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const hydrated = useHydrated();
  const status = useRef<HTMLParagraphElement>(null);
  const followLink = useFollowLinksClientSide();
  useEffect(() => {
    if (picked == null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setPicked(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [picked]);

  const all = [...data.placed, ...data.unplaced];
  const titleOf = (id: number | null) => all.find((s) => s.id === id)?.title ?? "";
  const slotById = new Map(data.slots.map((s) => [s.id, s]));
  // Cell key → the session shown in it (a cancelled one keeps its cell until it is reused).
  const inCell = new Map(data.placed.map((p) => [`${p.roomId}:${p.slotId}`, p]));
  const placeable = new Set(data.placeableIds);
  const starred = new Set(data.starredIds);
  const running = new Set(nowSlotIds);
  const warned = new Map<number, string[]>();
  for (const w of data.warnings) for (const id of w.sessionIds) warned.set(id, [...(warned.get(id) ?? []), w.message]);
  const pending = fetcher.state !== "idle" ? fetcher.formData : undefined;

  function place(sessionId: number, roomId: number, slotId: number) {
    setPicked(null);
    setDragging(null);
    // `_js`: the action answers with data (the message and warnings below), not a redirect.
    fetcher.submit(
      { intent: "place", sessionId: String(sessionId), roomId: String(roomId), slotId: String(slotId), _js: "1" },
      { method: "post" },
    );
  }

  const sessionCard = (s: GridSessionView, where: "cell" | "tray") => {
    const canMove = hydrated && data.viewer.canPlace && placeable.has(s.id);
    const isCancelled = s.status === "cancelled";
    const warnings = warned.get(s.id);
    let className = "sc schedule-card";
    if (canMove) className += " sc-move";
    if (picked === s.id) className += " sc-picked";
    if (warnings) className += " sc-warn";
    if (isCancelled) className += " sc-x";
    return (
      <article
        key={s.id}
        id={`session-${s.id}`}
        data-session-id={s.id}
        draggable={canMove || undefined}
        onDragStart={(e) => {
          e.dataTransfer.setData("text/plain", String(s.id));
          e.dataTransfer.effectAllowed = "move";
          setDragging(s.id);
        }}
        onDragEnd={() => setDragging(null)}
        aria-label={s.title}
        className={className}
      >
        {warnings ? (
          // The full text is in the "Schedule warnings" list at the top; this points there.
          <a href="#schedule-warnings" className="sc-w" title={warnings.join("\n")}>
            <span aria-hidden="true">⚠</span>
            <span className="sr-only">{`${warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`} about “${s.title}”`}</span>
          </a>
        ) : null}
        <a href={`/events/${slug}/sessions/${s.id}`} className="sc-t">
          {s.title}
        </a>
        <p className="sc-h">{s.hosts || "No host yet"}</p>
        <div className="sc-m">
          <span className="sc-b">{FORMAT_LABELS[s.format]}</span>
          {isCancelled ? <span className="sc-b sc-b-bad">Cancelled</span> : null}
          {starred.has(s.id) ? <span className="sc-b sc-b-star">Starred by you</span> : null}
          {where === "tray" && s.status === "proposed" ? <span className="sc-b sc-b-info">Proposed</span> : null}
          {where === "tray" && s.status === "accepted" ? <span className="sc-b sc-b-good">Accepted</span> : null}
          {!isCancelled ? (
            <ScheduleStarButton
              sessionId={s.id}
              title={s.title}
              starred={starred.has(s.id)}
              count={s.starCount}
              disabled={!data.viewer.participant}
              compact
              className="no-print"
            />
          ) : null}
          <span className="sc-pc">{`★ ${s.starCount}`}</span>
          {s.noteId ? (
            <a href={`/notes/${s.noteId}`} className="sc-n no-print">
              Notes<span className="sr-only">{` for “${s.title}”`}</span>
            </a>
          ) : null}
        </div>
        {data.viewer.canPlace && placeable.has(s.id) ? (
          <div className="sc-a no-print">
            {hydrated ? (
              <button
                type="button"
                aria-pressed={picked === s.id}
                onClick={() => setPicked(picked === s.id ? null : s.id)}
                className="sc-btn"
              >
                {picked === s.id ? "Cancel move" : "Move"}
                <span className="sr-only">{` “${s.title}”`}</span>
              </button>
            ) : null}
            {where === "cell" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="unplace" />
                <input type="hidden" name="sessionId" value={s.id} />
                {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
                <SubmitButton variant="bare" className="sc-btn">
                  Remove<span className="sr-only">{` “${s.title}” from the grid`}</span>
                </SubmitButton>
              </Form>
            ) : null}
          </div>
        ) : null}
      </article>
    );
  };

  return (
    // The click handler only delegates the links' own clicks (keyboard activation included).
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- the links stay the controls
    <div className="space-y-6" onClick={followLink}>
      <p ref={status} role="status" aria-live="polite" className="no-print min-h-[1.25rem] text-sm">
        {pending?.get("intent") === "place"
          ? `Placing “${titleOf(Number(pending.get("sessionId")))}”…`
          : picked != null
            ? `Moving “${titleOf(picked)}”: choose “Place here” in a free cell, or press Escape.`
            : fetcher.data
              ? fetcher.data.message
              : ""}
      </p>
      {fetcher.data?.warnings?.length ? (
        <ul
          className="no-print rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          aria-label="Warnings for this placement"
        >
          {fetcher.data.warnings.map((w) => (
            <li key={w.message}>⚠ {w.message}</li>
          ))}
        </ul>
      ) : null}
      {data.days.map((day) => (
        <section key={day.key} className="schedule-day" aria-labelledby={`${day.key}-heading`}>
          <h2 id={`${day.key}-heading`} className="mb-2 text-xl font-semibold">
            {day.label} <span className="text-sm font-normal text-slate-500">{`· times in ${timeZone}`}</span>
          </h2>
          {/* Focusable so that keyboard users can scroll a grid wider than the screen. */}
          <div
            tabIndex={0}
            role="region"
            aria-labelledby={`${day.key}-heading`}
            className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white print:overflow-visible print:border-black"
          >
            <table className="schedule-table w-full border-collapse text-left">
              <thead>
                <tr className="bg-slate-50 print:bg-white">
                  <th scope="col" className="sg-time-h">
                    Time
                  </th>
                  {data.rooms.map((room) => (
                    <th key={room.id} scope="col" className="sg-room">
                      {room.name}
                      <span className="sg-sub">{`${room.capacity} seats`}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {day.slotIds.map((slotId) => {
                  const slot = slotById.get(slotId)!;
                  const start = formatTime(slot.startsAt, timeZone);
                  const now = running.has(slot.id);
                  return (
                    <tr key={slot.id} className={now ? "sg-now" : undefined}>
                      <th scope="row" className="sg-time">
                        {now ? <span className="sg-nowb">Now</span> : null}
                        {`${start}–${formatTime(slot.endsAt, timeZone)}`}
                        {slot.label ? <span className="sg-sub">{slot.label}</span> : null}
                        {slot.kind === "plenary" ? <span className="sg-sub">Plenary</span> : null}
                        {slot.overlaps && data.viewer.organiser ? (
                          <span className="no-print mt-1 block">
                            <Badge tone="warn">Overlaps another slot</Badge>
                          </span>
                        ) : null}
                      </th>
                      {slot.kind === "break" ? (
                        <td colSpan={Math.max(1, data.rooms.length)} className="sg-break">
                          {slot.label || "Break"}
                        </td>
                      ) : (
                        data.rooms.map((room) => {
                          const s = inCell.get(`${room.id}:${slot.id}`);
                          const free = !s || s.status === "cancelled";
                          const where = `${room.name} at ${start}`;
                          const pendingHere =
                            pending?.get("intent") === "place" &&
                            pending.get("roomId") === String(room.id) &&
                            pending.get("slotId") === String(slot.id);
                          const droppable = free && data.viewer.canPlace;
                          return (
                            <td
                              key={room.id}
                              data-testid={`cell-${room.id}-${slot.id}`}
                              aria-label={free ? `Free: ${where}` : undefined}
                              onDragOver={
                                droppable
                                  ? (e) => {
                                      e.preventDefault();
                                      e.dataTransfer.dropEffect = "move";
                                    }
                                  : undefined
                              }
                              onDrop={
                                droppable
                                  ? (e) => {
                                      e.preventDefault();
                                      const id = Number(e.dataTransfer.getData("text/plain")) || dragging;
                                      if (id) place(id, room.id, slot.id);
                                    }
                                  : undefined
                              }
                              className={free && dragging != null ? "sg-cell sg-drop" : "sg-cell"}
                            >
                              {s || pendingHere || (free && picked != null) ? <span className="sg-rl">{room.name}</span> : null}
                              {s ? sessionCard(s, "cell") : null}
                              {pendingHere ? (
                                <p className="text-xs text-slate-500">Placing “{titleOf(Number(pending!.get("sessionId")))}”…</p>
                              ) : null}
                              {free && picked != null ? (
                                <button type="button" onClick={() => place(picked, room.id, slot.id)} className="sc-here no-print">
                                  Place here<span className="sr-only">{` “${titleOf(picked)}” in ${where}`}</span>
                                </button>
                              ) : null}
                            </td>
                          );
                        })
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <section aria-labelledby="unplaced-heading" className="no-print">
        <h2 id="unplaced-heading" className="mb-2 text-xl font-semibold">
          Proposed sessions not in the grid yet
        </h2>
        {data.unplaced.length ? (
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">{data.unplaced.map((s) => sessionCard(s, "tray"))}</div>
        ) : (
          <p className="text-sm text-slate-600">Every proposal is in the grid.</p>
        )}
      </section>
    </div>
  );
}
