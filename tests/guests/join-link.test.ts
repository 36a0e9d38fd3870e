import { describe, expect, it } from "vitest";
import { joinPath } from "~/guests/join-link";
import { qrCodeSvg } from "~/utils/qr-code.server";

describe("join links and their QR codes", () => {
  it("names the event's join page, and the board when there is one", () => {
    expect(joinPath("lean-coffee")).toBe("/events/lean-coffee/join");
    expect(joinPath("lean-coffee", 7)).toBe("/events/lean-coffee/join?board=7");
    expect(joinPath("a b")).toBe("/events/a%20b/join");
  });

  it("draws a QR code as an SVG that differs with the link it encodes", async () => {
    const one = await qrCodeSvg("http://localhost:3000/events/a/join");
    const other = await qrCodeSvg("http://localhost:3000/events/b/join");
    expect(one).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(one).not.toBe(other);
  });
});
