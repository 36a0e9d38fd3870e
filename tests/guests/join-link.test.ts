import { describe, expect, it } from "vitest";
import { joinPath } from "~/guests/join-link";
import { qrCodeSvg } from "~/utils/qr-code.server";

describe("join links and their QR codes", () => {
  it("names the event's join page with its join key, and the board when there is one", () => {
    expect(joinPath("lean-coffee", "k3y_-A")).toBe("/events/lean-coffee/join?key=k3y_-A");
    expect(joinPath("lean-coffee", "k3y_-A", 7)).toBe("/events/lean-coffee/join?key=k3y_-A&board=7");
    expect(joinPath("lean-coffee", null, 7)).toBe("/events/lean-coffee/join?board=7");
    expect(joinPath("a b", null)).toBe("/events/a%20b/join");
  });

  it("draws a QR code as an SVG that differs with the link it encodes", async () => {
    const one = await qrCodeSvg("http://localhost:3000/events/a/join");
    const other = await qrCodeSvg("http://localhost:3000/events/b/join");
    expect(one).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(one).not.toBe(other);
  });
});
