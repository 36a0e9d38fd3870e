// iCalendar text read back with an independent parser (ical.js): the VEVENTs with their
// zoned times, UID, SEQUENCE and STATUS, and the VTIMEZONEs the file carries.
import ICAL from "ical.js";

export type ParsedVevent = { uid: string; summary: string; start: Date; end: Date; zone: string; sequence: number; status: string | null };

export function parseCalendar(text: string): { events: ParsedVevent[]; timezones: string[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const timezones = calendar.getAllSubcomponents("vtimezone").map((tz) => String(tz.getFirstPropertyValue("tzid")));
  for (const tz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const e = new ICAL.Event(vevent);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      zone: e.startDate.zone?.tzid ?? "",
      sequence: e.sequence,
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
    };
  });
  return { events, timezones };
}
