// Copies a text (a link shown once) to the clipboard. Only rendered once JavaScript runs:
// without it the text stays selectable in its read-only field.
import { useState } from "react";
import { useHydrated } from "~/components/enhanced-flag";
import { Button } from "~/components/button";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const hydrated = useHydrated();
  const [copied, setCopied] = useState<null | "ok" | "failed">(null);
  if (!hydrated) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        size="sm"
        variant="secondary"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied("ok"),
            () => setCopied("failed"),
          )
        }
      >
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {copied === "ok" ? "Copied." : copied === "failed" ? "Could not copy: select the link and copy it yourself." : ""}
      </span>
    </span>
  );
}
