import { Meter } from "~/components/meter";

/** "12 of 40 seats left" (or full) with the seats meter: the head of a Seats card. */
export function SeatsSummary({ seats, capacity }: { seats: { confirmed: number; left: number }; capacity: number }) {
  return (
    <>
      <h2 id="seats-heading" className="font-semibold">
        Seats
      </h2>
      <p className="mb-2 mt-1 text-sm text-slate-600">
        {seats.left > 0
          ? `${seats.left} of ${capacity} seats left`
          : `Full: all ${capacity} seats taken. New registrations join the waiting list.`}
      </p>
      <Meter value={seats.confirmed} max={capacity} label="Seats taken" tone={seats.left === 0 ? "warn" : "brand"} />
    </>
  );
}
