// Safe Markdown: raw HTML is escaped, never rendered (html: false); unsafe link
// protocols (javascript:, vbscript:, file:, data: except images) are dropped by
// markdown-it's validateLink; every link gets rel="nofollow ugc" and external links
// open safely. Images from other sites are shown as links (their alt text), never
// loaded: a reader's browser fetching them would tell that site who reads the note
// (the CSP allows img-src 'self' data: only). GFM tables, task lists and highlighted
// code blocks are supported.
import hljs from "highlight.js/lib/common";
import MarkdownIt from "markdown-it";
import taskLists from "markdown-it-task-lists";

const markdown: MarkdownIt = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: true,
  highlight(code, language) {
    if (language && hljs.getLanguage(language)) {
      try {
        return `<pre class="hljs"><code>${hljs.highlight(code, { language, ignoreIllegals: true }).value}</code></pre>`;
      } catch {
        // fall through to the escaped default
      }
    }
    return "";
  },
}).use(taskLists, { enabled: false });

const SAFE_IMAGE_DATA = /^data:image\/(gif|png|jpeg|webp);/i;
// Browsers ignore tabs, newlines and other control characters inside a scheme
// ("java\tscript:"), so compare without them.
// eslint-disable-next-line no-control-regex
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f-\u009f]/g;
markdown.validateLink = (url: string) => {
  const value = url.replace(IGNORED_IN_SCHEME, "").toLowerCase();
  if (/^(javascript|vbscript|file|livescript|mocha):/.test(value)) return false;
  if (value.startsWith("data:")) return SAFE_IMAGE_DATA.test(value);
  return true;
};

const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  // data: URLs are allowed for inline images only, never as a link target.
  const href = (token.attrGet("href") ?? "").replace(IGNORED_IN_SCHEME, "").toLowerCase();
  if (href.startsWith("data:")) token.attrSet("href", "#");
  token.attrSet("rel", "nofollow ugc noopener noreferrer");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** data: images (validateLink let only raster ones through) and paths on this site; not //host or scheme:… */
const isOwnImage = (src: string) => {
  const value = src.replace(IGNORED_IN_SCHEME, "").toLowerCase();
  if (value.startsWith("data:")) return true;
  return !/^[a-z][a-z0-9+.-]*:/.test(value) && !/^[\\/]{2}/.test(value) && !/^[\\/]%5c/.test(value);
};

const defaultImage = markdown.renderer.rules.image!;
markdown.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const src = token.attrGet("src") ?? "";
  if (isOwnImage(src)) return defaultImage(tokens, idx, options, env, self);
  const text = markdown.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env) || src);
  // Inside a link ([![badge](…)](…)) the image becomes that link's text: no link in a link.
  let depth = 0;
  for (let i = 0; i < idx; i++) depth += tokens[i].type === "link_open" ? 1 : tokens[i].type === "link_close" ? -1 : 0;
  if (depth > 0) return text;
  return `<a href="${markdown.utils.escapeHtml(src)}" rel="nofollow ugc noopener noreferrer">${text}</a>`;
};

// Task-list checkboxes are read-only; name them so screen readers say what they mean.
const labelTaskCheckboxes = (html: string) =>
  html.replace(
    /<input class="task-list-item-checkbox"( checked="")? disabled="" type="checkbox">/g,
    (_m, checked) =>
      `<input class="task-list-item-checkbox"${checked ?? ""} disabled="" type="checkbox" aria-label="${checked ? "Done" : "Not done"}">`,
  );

export function renderMarkdown(source: string): string {
  return labelTaskCheckboxes(markdown.render(source ?? ""));
}
