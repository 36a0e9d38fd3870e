// Shared document templates: a page that is the same for many signed-in people except for
// a few personal parts (a board's cards are the same for every attendee; their own dots,
// their name in the header are not) is rendered by React once per version of the data,
// and each request fills in its own parts. A request then costs its loaders and a string
// join instead of a whole React render (ADR 014).
//
// A template is the page rendered with
// - the personal data blanked (`neutralise`), so nothing personal can end up in what is
//   shared: a personal value outside a slot renders blank, and the check below fails;
// - a marker for each <PersonalSlot> (app/components/personal-slot.tsx), for the CSP nonce
//   and for Remix's hand-off script (the loader data, serialised per request).
//
// It is learnt on a miss: Remix renders the page normally for that viewer, the template is
// rendered next to it and filled for the same viewer, and it is kept only when the two are
// byte for byte the same. So a template can only ever reproduce what a normal render gives.
import { randomBytes } from "node:crypto";
import type { EntryContext } from "@remix-run/node";
import { createElement, type ReactNode } from "react";

export type LoaderData = Record<string, unknown>;

/** What the page's owner tells the template machinery (see app/board/board-document.server.tsx). */
export type TemplateSpec = {
  /** Everything the shared markup depends on besides the data version: path, role… */
  key: string;
  /** databaseVersion() before the loaders ran: the template is stale after any write. */
  version: string;
  /** The loader data with every personal value blanked. */
  neutralise(loaderData: LoaderData): LoaderData;
  /**
   * Slot `name` for the viewer whose loader data this is: a key that names its HTML among
   * the template's slots (slots repeat across viewers: most people have no dot on most
   * topics). `renderSlot` is asked only for keys not seen before.
   */
  slotKey(name: string, loaderData: LoaderData): string;
  renderSlot(name: string, loaderData: LoaderData): string;
};

type Segment = Buffer | { slot: string } | typeof NONCE | typeof HANDOFF;
type SlotSpec = Pick<TemplateSpec, "slotKey" | "renderSlot">;

export type DocumentTemplate = {
  segments: Segment[];
  /** Remix's hand-off object up to its `state` (basename, future flags…), serialised. */
  handoffPrefix: string;
  version: string;
  storedAt: number;
  /** Rendered slots by their key (see TemplateSpec.slotKey), encoded. */
  memo: Map<string, Buffer>;
};

/** Templates also expire, as a bound on anything that changes without a database write. */
const TTL_MS = 60_000;
/** Bounds memory: at most ~64 × (a ~100 KB page + 2,048 slots of < 1 KB) ≈ 70 MB, in practice far less. */
const MAX_TEMPLATES = 64;
const MEMO_LIMIT = 2048;
const MAX_ATTEMPTS = 3;

const MARK = randomBytes(12).toString("hex");
const NONCE = Symbol("nonce");
const HANDOFF = Symbol("handoff");
/** The nonce the template is rendered with (hex: valid wherever a nonce is). */
export const TEMPLATE_NONCE = `${MARK}ff`;
const HANDOFF_MARK = `__kx_handoff_${MARK}`;
const SEGMENT = new RegExp(`<kx-slot data-mark="${MARK}" data-name="([^"]*)"></kx-slot>|${TEMPLATE_NONCE}|${HANDOFF_MARK}`, "g");

/** What <PersonalSlot> renders while a template is rendered. */
export const slotMarker = (name: string): ReactNode => createElement("kx-slot", { "data-mark": MARK, "data-name": name });

type Store = { templates: Map<string, DocumentTemplate>; failures: Map<string, number>; learning: Map<string, number> };
declare global {
  var __kxDocumentTemplates: Store | undefined;
}
const store = (): Store => (globalThis.__kxDocumentTemplates ??= { templates: new Map(), failures: new Map(), learning: new Map() });

/** Forgets every template (tests). */
export function clearDocumentTemplates() {
  store().templates.clear();
  store().failures.clear();
  store().learning.clear();
}

/** The template for `key` while its data version is current, else null. */
export function documentTemplateFor(key: string, version: string, now = Date.now()): DocumentTemplate | null {
  const { templates } = store();
  const template = templates.get(key);
  if (!template) return null;
  if (template.version !== version || now - template.storedAt > TTL_MS) {
    templates.delete(key);
    return null;
  }
  return template;
}

/** A learner that never reports back (its render failed) stops blocking others after this. */
const LEARNING_MS = 2_000;

/**
 * Whether a miss for `key` should learn its template: one request at a time (the others
 * meanwhile are rendered by Remix alone), and not after repeated mismatches.
 */
export function shouldLearn(key: string, version: string, now = Date.now()) {
  const { failures, learning } = store();
  if ((failures.get(`${key}\u0000${version}`) ?? 0) >= MAX_ATTEMPTS) return false;
  const since = learning.get(key);
  if (since !== undefined && now - since < LEARNING_MS) return false;
  learning.set(key, now);
  if (learning.size > MAX_TEMPLATES) learning.delete(learning.keys().next().value!);
  return true;
}

// Remix's own escaping of the hand-off JSON (@remix-run/server-runtime markup.js).
const ESCAPE: Record<string, string> = { "&": "\\u0026", ">": "\\u003e", "<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029" };
const escapeHtml = (json: string) => json.replace(/[&><\u2028\u2029]/g, (c) => ESCAPE[c]);
const stateJson = (loaderData: LoaderData) => escapeHtml(JSON.stringify({ loaderData, actionData: null, errors: null }));

/**
 * The page for one viewer, encoded: the template with its nonce, loader data and personal
 * parts. The shared parts are kept as bytes, so a request encodes only its own parts.
 */
export function fillDocumentTemplate(template: DocumentTemplate, nonce: string, loaderData: LoaderData, slots: SlotSpec): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const nonceBytes = Buffer.from(nonce);
  for (const segment of template.segments) {
    let part: Buffer;
    if (Buffer.isBuffer(segment)) part = segment;
    else if (segment === NONCE) part = nonceBytes;
    else if (segment === HANDOFF) part = Buffer.from(`${template.handoffPrefix}${stateJson(loaderData)}}`);
    else {
      const key = slots.slotKey(segment.slot, loaderData);
      const known = template.memo.get(key);
      if (known) part = known;
      else {
        part = Buffer.from(slots.renderSlot(segment.slot, loaderData));
        if (template.memo.size < MEMO_LIMIT) template.memo.set(key, part);
      }
    }
    parts.push(part);
    length += part.length;
  }
  return Buffer.concat(parts, length);
}

function split(html: string): Segment[] {
  const segments: Segment[] = [];
  const text = (from: number, to: number) => {
    if (to > from) segments.push(Buffer.from(html.slice(from, to)));
  };
  let last = 0;
  for (const match of html.matchAll(SEGMENT)) {
    text(last, match.index);
    segments.push(match[1] !== undefined ? { slot: match[1] } : match[0] === TEMPLATE_NONCE ? NONCE : HANDOFF);
    last = match.index + match[0].length;
  }
  text(last, html.length);
  return segments;
}

/**
 * After a normal render of a page whose request carried a spec: renders the template,
 * fills it for the same viewer and keeps it only when that gives `html` exactly.
 * `renderTemplate` renders a Remix context with TEMPLATE_NONCE and slotMarker.
 */
export function learnDocumentTemplate(
  spec: TemplateSpec,
  remixContext: EntryContext,
  html: string,
  nonce: string,
  renderTemplate: (context: EntryContext) => string,
): boolean {
  store().learning.delete(spec.key);
  const { state, ...rest } = JSON.parse(remixContext.serverHandoffString ?? "null") ?? {};
  const loaderData = state?.loaderData as LoaderData | undefined;
  if (!loaderData || state.actionData != null || state.errors != null) return false;
  const handoffPrefix = `${escapeHtml(JSON.stringify(rest)).slice(0, -1)},"state":`;
  if (remixContext.serverHandoffString !== `${handoffPrefix}${stateJson(loaderData)}}`) return false;

  const handler = remixContext.staticHandlerContext;
  const shared = spec.neutralise(loaderData);
  const templateHtml = renderTemplate({
    ...remixContext,
    serverHandoffString: HANDOFF_MARK,
    staticHandlerContext: { ...handler, loaderData: shared },
  });
  const template: DocumentTemplate = {
    segments: split(templateHtml),
    handoffPrefix,
    version: spec.version,
    storedAt: Date.now(),
    memo: new Map(),
  };
  const { templates, failures } = store();
  if (!fillDocumentTemplate(template, nonce, loaderData, spec).equals(Buffer.from(html))) {
    const attempt = `${spec.key}\u0000${spec.version}`;
    failures.set(attempt, (failures.get(attempt) ?? 0) + 1);
    if (failures.size > MAX_TEMPLATES) failures.delete(failures.keys().next().value!);
    console.warn(`document template for ${spec.key} differs from the page rendered for its viewer: not kept`);
    return false;
  }
  templates.delete(spec.key);
  if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value!);
  templates.set(spec.key, template);
  return true;
}
