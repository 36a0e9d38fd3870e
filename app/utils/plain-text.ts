// Text people type that we show or mail beside our own words. Shared by browser and server.
import { z } from "zod";

// Control characters, zero-width and bidirectional formatting characters (which can reverse
// or hide what follows) are invisible or move text around: a one-line text drops them. The
// zero-width (non-)joiners stay inside a text (emoji sequences and Persian or Indic names
// need them), but not at its ends, so a text of nothing else is empty.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const EDGE_JOINERS = /^(?:\u200c|\u200d| )+|(?:\u200c|\u200d| )+$/g;

/**
 * A typed one-line text (a name, a title) as it may be shown or mailed: visible characters,
 * single spaces. Line breaks of any kind and other spacing become one space, so it can never
 * start a line of its own in an e-mail.
 */
export const plainLine = (text: string) =>
  text.replace(/\s+/g, " ").replace(INVISIBLE, "").replace(/ {2,}/g, " ").replace(EDGE_JOINERS, "");

/**
 * A one-line text field, made plain (plainLine) before its length is checked: `required` is
 * the message for a missing one (also one of nothing visible). Checked after the transform
 * rather than piped, so Conform's coercion of empty strings cannot turn it into another message.
 */
export function plainLineSchema({ required, min = 0, max }: { required?: string; min?: number; max: number }) {
  return z
    .string(required ? { error: required } : undefined)
    .transform(plainLine)
    .refine((text) => !required || text.length > 0, { message: required, abort: true })
    .refine((text) => text.length >= min, { message: `At least ${min} characters.`, abort: true })
    .refine((text) => text.length <= max, { message: `At most ${max} characters.` });
}

/** Everything that ends a line somewhere: CRLF, CR, LF, vertical tab, form feed, NEL, U+2028, U+2029. */
// eslint-disable-next-line no-control-regex -- vertical tab and form feed end lines too
const LINE_END = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/;

/** The lines of a typed multi-line text, whichever character ends them. */
export const textLines = (text: string) => text.split(LINE_END);
