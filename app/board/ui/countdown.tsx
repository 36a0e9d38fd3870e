// The time-box countdown. The server stores the end time and sends its own clock with
// the data, so every screen counts down to the same moment even if a phone's clock is off.
import { useEffect, useState } from "react";

/** The server's "now", ticking in the browser. Starts at serverNow so SSR and hydration agree. */
export function useServerClock(serverNow: string, intervalMs = 250) {
  const [now, setNow] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    const offset = Date.parse(serverNow) - Date.now();
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = setInterval(tick, intervalMs);
    return () => clearInterval(timer);
  }, [serverNow, intervalMs]);
  return now;
}

export function formatClock(totalSeconds: number) {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const minutes = Math.floor(s / 60);
  return `${minutes}:${String(s % 60).padStart(2, "0")}`;
}

export function formatDuration(seconds: number | null) {
  if (seconds === null) return "–";
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes ? `${minutes} min${rest ? ` ${rest} s` : ""}` : `${rest} s`;
}

export function Countdown({ endsAt, now, size = "lg" }: { endsAt: string; now: number; size?: "lg" | "xl" }) {
  const remaining = (Date.parse(endsAt) - now) / 1000;
  const over = remaining <= 0;
  const text = size === "xl" ? "text-[min(22vw,14rem)]" : "text-6xl sm:text-7xl";
  // On the projector the words under the clock must carry to the back of the room too.
  const caption = size === "xl" ? "mt-4 text-3xl" : "mt-2";
  return (
    <div className="text-center">
      <p
        role="timer"
        aria-label={over ? "Time is up" : `Time left ${formatClock(remaining)}`}
        className={`font-mono font-bold tabular-nums leading-none ${text} ${over ? "text-red-600" : remaining < 60 ? "text-amber-600" : "text-slate-900"}`}
      >
        {formatClock(remaining)}
      </p>
      <p className={`${caption} font-semibold ${over ? "text-red-700" : "text-slate-500"}`}>
        {over ? "Time’s up: Roman vote!" : "left in this time-box"}
      </p>
    </div>
  );
}
