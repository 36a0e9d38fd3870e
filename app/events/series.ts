// A series is the free-text `events.series` ("Aurora × Beacon"); its address is the
// slug of that text (/series/aurora-beacon). Derived, never stored: the same name always
// gives the same address, and names that differ only in case, accents or punctuation
// are one series (ADR 021).
import { slugify } from "~/utils/slug";

export function seriesSlug(name: string | null | undefined): string | null {
  const slug = name ? slugify(name) : "";
  return slug || null;
}

export const seriesPath = (name: string | null | undefined) => {
  const slug = seriesSlug(name);
  return slug ? `/series/${slug}` : null;
};
