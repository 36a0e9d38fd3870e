/** Shows HTML produced by renderMarkdown (server-side, sanitised by construction). */
export function MarkdownView({ html, className = "" }: { html: string; className?: string }) {
  return <div className={`prose-note ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
