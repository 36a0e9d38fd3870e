// QR codes drawn on the server as inline SVG (no image request, nothing for the CSP to allow,
// crisp on a projector at any size). Error correction M: readable from the back of a room
// with a quarter of the code washed out by the projector.
import QRCode from "qrcode";

/** An SVG element (a string of markup) that encodes `text`; the caller gives it an accessible name. */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
