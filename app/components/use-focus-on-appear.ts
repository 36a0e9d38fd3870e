// A confirmation or other step that appears after an action takes the focus (its heading,
// with tabIndex -1): it is brought into view, even when it shows above the button that asked
// for it on a phone, and a screen reader reads it next. Again whenever `key` changes.
import { useEffect, useRef } from "react";

export function useFocusOnAppear<T extends HTMLElement>(key?: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), [key]);
  return ref;
}
