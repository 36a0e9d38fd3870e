// The one submit button of every form and fetcher form: while its form's post is in flight
// it says so ("Adding…", aria-busy, aria-disabled) and the form ignores further
// submissions, so three quick taps on a slow network send one post, not three.
//
// Why a native listener and not only `disabled`: React re-renders after the first tap, but
// taps that arrive in the same task (or before the re-render) would still reach Remix's
// submit handler. The listener sits on the form element, so it runs before React's own
// (delegated to the root) and can swallow a repeat synchronously. aria-disabled instead of
// disabled keeps keyboard focus on the button while it works.
import type { FetcherWithComponents } from "@remix-run/react";
import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from "react";
import { buttonClass, type ButtonVariant } from "~/components/button";

const CONFORM_INTENT = "__intent__";

type Fetcher = Pick<FetcherWithComponents<unknown>, "state">;

/**
 * True from the moment `button`'s form is submitted until the navigation (or `fetcher`)
 * it started is idle again; while true, the form swallows repeat submissions.
 * `submitter`: whether this button sent the pending submission (it names the work).
 */
export function useSubmitGuard(button: React.RefObject<HTMLButtonElement>, fetcher?: Fetcher) {
  const navigation = useNavigation();
  const busy = fetcher ? fetcher.state !== "idle" : navigation.state !== "idle";
  const busyNow = useRef(busy);
  busyNow.current = busy;
  const inFlight = useRef(false);
  const [pending, setPending] = useState<null | { submitter: boolean }>(null);

  useEffect(() => {
    const form = button.current?.form;
    if (!form) return;
    const release = () => {
      inFlight.current = false;
      setPending(null);
    };
    const onSubmit = (event: SubmitEvent) => {
      // Conform validates on blur by submitting with its own hidden intent button; that
      // never leaves the page and must not hold back the real submission.
      if (event.submitter?.getAttribute("name") === CONFORM_INTENT) return;
      if (inFlight.current) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      inFlight.current = true;
      setPending({ submitter: event.submitter === button.current });
      // A submission that never started (refused by the browser-side validation) leaves
      // the router idle: let the form be sent again once the person fixes it.
      window.setTimeout(() => {
        if (!busyNow.current) release();
      }, 100);
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, [button]);

  useEffect(() => {
    if (!busy && inFlight.current) {
      inFlight.current = false;
      setPending(null);
    }
  }, [busy]);

  return pending;
}

/**
 * A submit button with a pending state. `pendingLabel` ("Adding…", "Saving…") replaces the
 * label while this button's post is in flight; without one the label stays and the button
 * is marked busy. Pass `fetcher` for a `<fetcher.Form>` (its state, not the page's).
 */
export function SubmitButton({
  variant = "primary",
  size = "md",
  className = "",
  pendingLabel,
  fetcher,
  children,
  onClick,
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
  /** "bare": no look of its own, `className` styles it (the board's compact buttons). */
  variant?: ButtonVariant | "bare";
  size?: "sm" | "md";
  pendingLabel?: ReactNode;
  fetcher?: Fetcher;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  const pending = useSubmitGuard(ref, fetcher);
  const busy = pending !== null;
  return (
    <button
      ref={ref}
      type="submit"
      aria-disabled={busy || undefined}
      aria-busy={pending?.submitter || undefined}
      className={`${variant === "bare" ? "" : buttonClass(variant, size)} ${busy ? "cursor-wait opacity-70" : ""} ${className}`}
      onClick={(event) => {
        if (busy) event.preventDefault();
        else onClick?.(event);
      }}
      {...props}
    >
      {pending?.submitter && pendingLabel ? pendingLabel : children}
    </button>
  );
}
