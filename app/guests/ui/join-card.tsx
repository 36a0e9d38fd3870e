// The join link and its QR code, for organisers on the event page and facilitators on a
// board (issue 17.1). The SVG comes from qrcode on the server (app/utils/qr-code.server.ts).
import { Link } from "@remix-run/react";
import { Card } from "~/components/card";
import { CopyButton } from "~/components/copy-button";
import type { JoinCard as JoinCardData } from "~/guests/join-card.server";

export function JoinCard({ card, heading = "Join link" }: { card: JoinCardData; heading?: string }) {
  return (
    <Card aria-labelledby="join-card-heading">
      <h2 id="join-card-heading" className="font-semibold">
        {heading}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {card.guestsOn ? (
          "People who open it join with their account, or as a guest with a name only."
        ) : (
          <>
            Guests are off: people who open it log in to take part. <Link to={card.editPath}>Edit event</Link> to let
            guests join with a name.
          </>
        )}
      </p>
      <div
        role="img"
        aria-label="QR code of the join link"
        className="mx-auto my-3 w-40 [&>svg]:h-auto [&>svg]:w-full"
        // The SVG is drawn by the qrcode library from our own URL: no user text in it.
        dangerouslySetInnerHTML={{ __html: card.qrSvg }}
      />
      <label htmlFor="join-link" className="text-sm font-medium text-slate-800">
        Link
      </label>
      <input
        id="join-link"
        readOnly
        value={card.url}
        className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="mt-2">
        <CopyButton text={card.url} label="Copy join link" />
      </div>
    </Card>
  );
}
