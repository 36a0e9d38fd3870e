// The organiser's attendee list (the door list) as one page shows it: the filtered, paged
// rows from the query string with each person's answers, the counts, and the answer filters.
// Rows carry only what the page renders (no consent or queue dates), check-in in the event's zone.
import { getDb } from "#db/client";
import type { Event } from "#db/schema";
import { listAttendees, parseAttendeeFilter, parseAttendeePage } from "~/registration/attendees.server";
import { answerFilterOptions, answersByRegistration } from "~/registration/questions-answers.server";
import { formatTime } from "~/utils/dates";

export function doorList(event: Pick<Event, "id" | "timeZone">, params: URLSearchParams) {
  const list = listAttendees(event.id, parseAttendeeFilter(params), { page: parseAttendeePage(params) });
  const questionAnswers = answersByRegistration(
    getDb(),
    list.rows.map((r) => r.id),
  );
  return {
    counts: list.counts,
    total: list.total,
    checkedIn: list.checkedIn,
    organisations: list.organisations,
    matching: list.matching,
    page: list.page,
    pages: list.pages,
    pageSize: list.pageSize,
    answerFilters: answerFilterOptions(getDb(), event.id),
    rows: list.rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      emailVerified: r.emailVerified,
      organisationName: r.organisationName,
      partner: r.partner,
      status: r.status,
      position: r.position,
      jobRole: r.jobRole,
      topics: r.topics,
      dietary: r.dietary,
      accessibility: r.accessibility,
      questionAnswers: questionAnswers.get(r.id) ?? [],
      checkedInAt: r.checkedInAt ? `${formatTime(r.checkedInAt, event.timeZone)} (${event.timeZone})` : null,
    })),
  };
}

export type DoorList = ReturnType<typeof doorList>;
export type DoorListRow = DoorList["rows"][number];
