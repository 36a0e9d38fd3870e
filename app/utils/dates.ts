// Times are stored UTC and shown in the event's IANA zone, with the zone named.
// Conversions use Intl only (no time-zone database of our own to keep current).

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const STYLES = {
  dateTime: ["en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }],
  date: ["en-GB", { weekday: "short", day: "numeric", month: "long", year: "numeric" }],
  time: ["en-GB", { hour: "2-digit", minute: "2-digit" }],
  parts: [
    "en-US",
    { hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" },
  ],
} satisfies Record<string, [string, Intl.DateTimeFormatOptions]>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per style and zone, made once: constructing an Intl.DateTimeFormat costs
 * ~50× more than formatting with it, and a board or schedule page formats dozens of times.
 */
function formatter(style: keyof typeof STYLES, timeZone: string) {
  const key = `${style}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    const [locale, options] = STYLES[style];
    format = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formatters.set(key, format);
  }
  return format;
}

export function isValidTimeZone(timeZone: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at `date`, in minutes (Berlin in winter: +60). */
export function zoneOffsetMinutes(date: Date, timeZone: string) {
  const parts = formatter("parts", timeZone).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** "2026-12-03T09:30" read as wall-clock time in `timeZone` → the UTC instant. */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL_INPUT.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return null;
  // Two passes settle the offset across DST changes.
  let guess = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60000;
  guess = wall - zoneOffsetMinutes(new Date(guess), timeZone) * 60000;
  return new Date(guess);
}

/**
 * Why a typed wall-clock time cannot be used in `timeZone`, or null when it can: inside a
 * spring-forward gap (e.g. 02:30 on the last Sunday of March in Europe/Berlin) the time
 * never happens, and silently moving it an hour is worse than asking.
 */
export function missingLocalTime(local: string, timeZone: string): string | null {
  const at = zonedLocalToUtc(local, timeZone);
  if (!at) return null;
  if (utcToLocalInput(at, timeZone) === local.trim().slice(0, 16)) return null;
  return `This time does not exist in ${timeZone}: the clocks skip it. Choose a time outside the change.`;
}

/** The UTC instant as a `datetime-local` input value in `timeZone`. */
export function utcToLocalInput(date: Date | null | undefined, timeZone: string) {
  if (!date) return "";
  const shifted = new Date(date.getTime() + zoneOffsetMinutes(date, timeZone) * 60000);
  return shifted.toISOString().slice(0, 16);
}

export function formatDateTime(date: Date | string | number, timeZone: string, withZone = true) {
  const text = formatter("dateTime", timeZone).format(new Date(date));
  return withZone ? `${text} (${timeZone})` : text;
}

export function formatDate(date: Date | string | number, timeZone: string) {
  return formatter("date", timeZone).format(new Date(date));
}

export function formatTime(date: Date | string | number, timeZone: string) {
  return formatter("time", timeZone).format(new Date(date));
}

/** "Tue 3 Dec 2026, 09:30–17:00 (Europe/Berlin)", spanning days when needed. */
export function formatRange(start: Date | string | number, end: Date | string | number, timeZone: string) {
  const sameDay = formatDate(start, timeZone) === formatDate(end, timeZone);
  const endText = sameDay ? formatTime(end, timeZone) : formatDateTime(end, timeZone, false);
  return `${formatDateTime(start, timeZone, false)}–${endText} (${timeZone})`;
}
