// The join link and its QR code, for organisers on the event page and facilitators on a
// board (issue 17.1), with a Copy button; the projector shows the same code (presenter).
// The link carries the join key: "New join link" replaces it, after a confirmation (ADR 028).
import { Link } from "@remix-run/react";
import { Card } from "~/components/card";
import { CopyButton } from "~/components/copy-button";
import { QrCode } from "~/components/qr-code";
import type { JoinCard as JoinCardData } from "~/guests/join-card.server";

export function JoinCard({ card, heading = "Join link" }: { card: JoinCardData; heading?: string }) {
  return (
    <Card aria-labelledby="join-card-heading">
      <h2 id="join-card-heading" className="font-semibold">
        {heading}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        <GuestsSentence card={card} />
      </p>
      <QrCode svg={card.qrSvg} url={card.url} label="QR code of the join link" className="mx-auto my-3 max-w-48 text-xs" />
      <CopyButton text={card.url} label="Copy join link" />
      <p className="mt-3 text-sm">
        <Link to={`${card.guestsPath}?confirm=new-join-link`}>New join link</Link>
      </p>
    </Card>
  );
}

/** Who can join through the link, and when guests cannot, why (each reason in its own words). */
function GuestsSentence({ card }: { card: JoinCardData }) {
  switch (card.guestsClosedBecause) {
    case null:
      return <>People who open it join with their account, or as a guest with a name only.</>;
    case "setting-off":
      return (
        <>
          Guests are off: people who open it log in to take part. To let guests join with a name,{" "}
          <Link to={card.editPath}>turn guests on in the event’s settings</Link>.
        </>
      );
    case "partners-only":
      return <>This event is for partner members only, so nobody joins as a guest: people who open the link log in to take part.</>;
    case "cancelled":
      return <>This event is cancelled: nobody joins as a guest.</>;
    case "not-published":
      return <>Guests can join with a name once you publish the event; until then people who open it log in to take part.</>;
  }
}
