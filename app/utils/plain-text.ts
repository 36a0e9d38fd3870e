// Text people type that we show or mail beside our own words. Shared by browser and server.

/** Everything that ends a line somewhere: CRLF, CR, LF, vertical tab, form feed, NEL, U+2028, U+2029. */
// eslint-disable-next-line no-control-regex -- vertical tab and form feed end lines too
const LINE_END = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/;

/** The lines of a typed multi-line text, whichever character ends them. */
export const textLines = (text: string) => text.split(LINE_END);
