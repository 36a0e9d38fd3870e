// A readable diff: removed text struck through on red, added text underlined on green,
// unchanged stretches collapsed. Text and symbols both carry the meaning (not colour alone).
import type { DiffBlock, WordPart } from "~/notes/revisions.server";

function Words({ parts }: { parts: WordPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.change === "added" ? (
          <ins key={i} className="bg-green-100 text-green-900 underline decoration-green-600">
            {p.text}
          </ins>
        ) : p.change === "removed" ? (
          <del key={i} className="bg-red-100 text-red-900 line-through decoration-red-600">
            {p.text}
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function NoteTitleDiff({ parts }: { parts: WordPart[] }) {
  return (
    <p className="font-semibold">
      Title: <Words parts={parts} />
    </p>
  );
}

export function NoteDiff({ blocks }: { blocks: DiffBlock[] }) {
  if (blocks.every((b) => b.kind === "same" || b.kind === "skipped")) {
    return <p className="text-slate-600">The text is the same in both versions.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white font-mono text-sm" data-testid="note-diff">
      {blocks.map((block, i) => {
        switch (block.kind) {
          case "skipped":
            return (
              <p key={i} className="border-y border-slate-100 bg-slate-50 px-3 py-1 text-xs text-slate-500">
                … {block.count} unchanged {block.count === 1 ? "line" : "lines"} …
              </p>
            );
          case "same":
            return (
              <pre key={i} className="whitespace-pre-wrap px-3 py-0.5 text-slate-600">
                {block.lines.join("\n")}
              </pre>
            );
          case "added":
            return (
              <pre key={i} className="whitespace-pre-wrap bg-green-50 px-3 py-0.5 text-green-900">
                <span className="sr-only">Added: </span>
                {block.lines.map((l) => `+ ${l}`).join("\n")}
              </pre>
            );
          case "removed":
            return (
              <pre key={i} className="whitespace-pre-wrap bg-red-50 px-3 py-0.5 text-red-900">
                <span className="sr-only">Removed: </span>
                {block.lines.map((l) => `- ${l}`).join("\n")}
              </pre>
            );
          case "changed":
            return (
              <pre key={i} className="whitespace-pre-wrap bg-amber-50 px-3 py-0.5">
                <span className="sr-only">Changed: </span>
                <Words parts={block.parts} />
              </pre>
            );
        }
      })}
    </div>
  );
}
