// The one look of a message that answers what someone just did: green (role=status) for a
// success, red (role=alert) for a refusal. Used for the one-shot flash after a
// post/redirect/get (`flash` from jsonWithFlash) and for an action's own reply shown in place.
import type { ReactNode } from "react";

export const messageTone = (ok: boolean) => (ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-800");

/** Nothing without a message; `children` for a message with more than text (a link, a field to copy). */
export function FlashMessage({
  message,
  ok = true,
  className = "mb-4",
  children,
}: {
  message?: ReactNode;
  ok?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  if (!message && !children) return null;
  const look = `${className} rounded-md border p-3 text-sm ${messageTone(ok)}`;
  const role = ok ? "status" : "alert";
  if (children) {
    return (
      <div role={role} className={`space-y-2 ${look}`}>
        {children}
      </div>
    );
  }
  return (
    <p role={role} className={look}>
      {message}
    </p>
  );
}
