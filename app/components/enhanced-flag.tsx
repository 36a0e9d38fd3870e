// Tells an action that the page runs JavaScript: it then replies with data for the fetcher
// or form instead of the post/redirect/get a plain (no-JavaScript) post gets.
import { useEffect, useState } from "react";

/** True once React runs in the browser: forms then add `_js=1` so the action replies with data. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** A hidden `_js=1` once hydrated; nothing in the server render (a plain post redirects). */
export function EnhancedFlag() {
  return useHydrated() ? <input type="hidden" name="_js" value="1" /> : null;
}
