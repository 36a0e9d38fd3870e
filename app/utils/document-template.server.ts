// Shared document templates: a page that is the same for many signed-in people except for
// a few personal parts (a board's cards are the same for every attendee; their own dots,
// their name in the header are not) is rendered by React once per version of the data,
// and each request fills in its own parts. A request then costs its loaders and a string
// join instead of a whole React render (ADR 014, ADR 023).
//
// A template is the page rendered with
// - the personal data blanked (`neutralise`, built from an exhaustive list of the page's
//   fields: app/utils/template-fields.ts), so nothing personal can end up in what is
//   shared: a personal value outside a slot renders blank, and the checks below fail;
// - a marker for each <PersonalSlot> (app/components/personal-slot.tsx), for the CSP nonce
//   and for Remix's hand-off script (the loader data, serialised per request).
//
// It is learnt on a miss: Remix renders the page normally for that viewer, the template is
// rendered next to it and kept only when, filled in,
// - for that viewer, it is byte for byte the page Remix rendered;
// - for a second, made-up viewer (`otherViewer`: another name, organisation, dots, own
//   topics), it is byte for byte what Remix renders for that viewer. So a personal value
//   that the field list wrongly calls shared, shown outside a slot, is refused as well.
// So a template can only ever reproduce what a normal render gives.
//
// Which route a template is for comes from the route's `handle: { sharedTemplate: name }`
// and Remix's matches when it is learnt, never from route ids written here.
// DOCUMENT_TEMPLATES=off turns templates off: every page is rendered by Remix.
import { randomBytes } from "node:crypto";
import type { EntryContext } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { boundedCache } from "~/utils/cache.server";
import { remember } from "~/utils/remember";

export type LoaderData = Record<string, unknown>;

/** A page's loader data as a template sees it: the root route's and the page route's. */
export type PageData = { root: unknown; page: unknown };

/** What a route's `handle` says to opt in: the name of the TemplateSpec that serves it. */
export type SharedTemplateHandle = { sharedTemplate: string };

/** What the page's owner tells the template machinery (see app/board/template/board-document.server.tsx). */
export type TemplateSpec = {
  /** The `sharedTemplate` in the handle of the routes this spec serves. */
  name: string;
  /** Everything the shared markup depends on besides the data version: path, role… */
  key: string;
  /** databaseVersion() before the loaders ran: the template is stale after any write. */
  version: string;
  /** The data with every personal value blanked, built from the page's field list. */
  neutralise(data: PageData): PageData;
  /** The data of another viewer of the same page, who differs in everything personal. */
  otherViewer(data: PageData): PageData;
  /**
   * Slot `name` for the viewer whose data this is: a key that names its HTML among the
   * template's slots (slots repeat across viewers: most people have no dot on most
   * topics). `renderSlot` is asked only for keys not seen before.
   */
  slotKey(name: string, data: PageData): string;
  renderSlot(name: string, data: PageData): string;
};

/** Whether templates are on (DOCUMENT_TEMPLATES=off turns them off; README, configuration). */
export const documentTemplatesEnabled = () => process.env.DOCUMENT_TEMPLATES !== "off";

type Segment = Buffer | { slot: string } | typeof NONCE | typeof HANDOFF;
type SlotSpec = Pick<TemplateSpec, "slotKey" | "renderSlot">;

export type DocumentTemplate = {
  segments: Segment[];
  /** The id of the route whose data is `page` (the root's is "root"), from Remix's matches. */
  pageRouteId: string;
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

// One store per process, shared by module copies (tests load the build and the sources).
const store = () =>
  remember("document-templates", () => ({
    templates: boundedCache<string, DocumentTemplate>(MAX_TEMPLATES),
    failures: boundedCache<string, number>(MAX_TEMPLATES),
    learning: boundedCache<string, number>(MAX_TEMPLATES),
  }));

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
  return true;
}

// Remix's own escaping of the hand-off JSON (@remix-run/server-runtime markup.js).
const ESCAPE: Record<string, string> = { "&": "\\u0026", ">": "\\u003e", "<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029" };
const escapeHtml = (json: string) => json.replace(/[&><\u2028\u2029]/g, (c) => ESCAPE[c]);
const stateJson = (loaderData: LoaderData) => escapeHtml(JSON.stringify({ loaderData, actionData: null, errors: null }));
/** Remix's loader data for a page: the root's first, as Remix orders its matches. */
const loaderDataOf = (data: PageData, pageRouteId: string): LoaderData => ({ root: data.root, [pageRouteId]: data.page });

/**
 * The page for one viewer, encoded: the template with its nonce, loader data and personal
 * parts. The shared parts are kept as bytes, so a request encodes only its own parts.
 */
export function fillDocumentTemplate(template: DocumentTemplate, nonce: string, data: PageData, slots: SlotSpec): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const nonceBytes = Buffer.from(nonce);
  for (const segment of template.segments) {
    let part: Buffer;
    if (Buffer.isBuffer(segment)) part = segment;
    else if (segment === NONCE) part = nonceBytes;
    else if (segment === HANDOFF) part = Buffer.from(`${template.handoffPrefix}${stateJson(loaderDataOf(data, template.pageRouteId))}}`);
    else {
      const key = slots.slotKey(segment.slot, data);
      const known = template.memo.get(key);
      if (known) part = known;
      else {
        part = Buffer.from(slots.renderSlot(segment.slot, data));
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

/** The page route of a page that is the root plus one route which opts in to `spec`, else null. */
function pageRouteOf(spec: TemplateSpec, remixContext: EntryContext) {
  const [root, page, ...more] = remixContext.staticHandlerContext.matches;
  if (root?.route.id !== "root" || !page || more.length) return null;
  const handle = remixContext.routeModules[page.route.id]?.handle as Partial<SharedTemplateHandle> | undefined;
  return handle?.sharedTemplate === spec.name ? page.route.id : null;
}

/**
 * After a normal render of a page whose request carried a spec: renders the template and
 * keeps it only when, filled in, it gives `html` for this viewer and Remix's own render
 * for a made-up second viewer. `render` renders a Remix context with the given nonce,
 * as a template (TEMPLATE_NONCE, slotMarker) or as the page Remix would send.
 */
export function learnDocumentTemplate(
  spec: TemplateSpec,
  remixContext: EntryContext,
  html: string,
  nonce: string,
  render: (context: EntryContext, as: "template" | "page") => string,
): boolean {
  store().learning.delete(spec.key);
  try {
    return learn(spec, remixContext, html, nonce, render);
  } catch (error) {
    // The viewer's page is rendered already: a template that cannot be learnt must not spoil it.
    console.error(`document template for ${spec.key} could not be learnt`, error);
    return false;
  }
}

function learn(...[spec, remixContext, html, nonce, render]: Parameters<typeof learnDocumentTemplate>): boolean {
  const { state, ...rest } = JSON.parse(remixContext.serverHandoffString ?? "null") ?? {};
  const loaderData = state?.loaderData as LoaderData | undefined;
  if (!loaderData || state.actionData != null || state.errors != null) return false;
  const pageRouteId = pageRouteOf(spec, remixContext);
  if (!pageRouteId || Object.keys(loaderData).length !== 2) return false;
  const handoffPrefix = `${escapeHtml(JSON.stringify(rest)).slice(0, -1)},"state":`;
  if (remixContext.serverHandoffString !== `${handoffPrefix}${stateJson(loaderData)}}`) return false;

  const handler = remixContext.staticHandlerContext;
  const data: PageData = { root: loaderData.root, page: loaderData[pageRouteId] };
  const withData = (pageData: PageData, handoff: string): EntryContext => ({
    ...remixContext,
    serverHandoffString: handoff,
    staticHandlerContext: { ...handler, loaderData: loaderDataOf(pageData, pageRouteId) },
  });
  const template: DocumentTemplate = {
    segments: split(render(withData(spec.neutralise(data), HANDOFF_MARK), "template")),
    pageRouteId,
    handoffPrefix,
    version: spec.version,
    storedAt: Date.now(),
    memo: new Map(),
  };
  const other = spec.otherViewer(data);
  const otherHandoff = `${handoffPrefix}${stateJson(loaderDataOf(other, pageRouteId))}}`;
  const mismatch = !fillDocumentTemplate(template, nonce, data, spec).equals(Buffer.from(html))
    ? "the page rendered for its viewer"
    : !fillDocumentTemplate(template, nonce, other, spec).equals(Buffer.from(render(withData(other, otherHandoff), "page")))
      ? "the page Remix renders for another viewer"
      : null;
  // The made-up viewer's slots are of no use to anyone.
  template.memo.clear();
  const { templates, failures } = store();
  if (mismatch) {
    const attempt = `${spec.key}\u0000${spec.version}`;
    failures.set(attempt, (failures.get(attempt) ?? 0) + 1);
    console.warn(`document template for ${spec.key} differs from ${mismatch}: not kept`);
    return false;
  }
  templates.set(spec.key, template);
  return true;
}
