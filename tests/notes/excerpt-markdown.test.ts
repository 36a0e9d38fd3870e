// Result excerpts and search snippets read as plain text: Markdown syntax is stripped
// without leaving stray spaces before punctuation, and highlight markers survive.
import { describe, expect, it } from "vitest";
import { markedToHtml, plainExcerpt, stripMarkdown } from "~/notes/search-text";

describe("Markdown stripped from excerpts", () => {
  it("drops emphasis without a space before the following punctuation", () => {
    expect(plainExcerpt("Collected before the day: **feature flags at scale**, *data contracts*, and a hands-on session.")).toBe(
      "Collected before the day: feature flags at scale, data contracts, and a hands-on session.",
    );
  });

  it("keeps link text, hyphens and snake_case; drops list, heading and table syntax (blocks kept apart)", () => {
    expect(plainExcerpt("## What worked\n- See the [SRE book on on-call](https://sre.google/x).\n- Use snake_case names.")).toBe(
      "What worked · See the SRE book on on-call. Use snake_case names.",
    );
    expect(stripMarkdown("| a | b |\n|---|:-:|\n| 1 | 2 |")).toBe("a b 1 2");
  });

  it("cleans search snippets, also a link cut off by the snippet, and keeps highlights", () => {
    const snippet = "- Alerts without a runbook.\n- See the [Google \u0002SRE\u0003 book](https://sre.google/sre-book/being-on…";
    expect(markedToHtml(stripMarkdown(snippet))).toBe("Alerts without a runbook. See the Google <mark>SRE</mark> book…");
    expect(markedToHtml(stripMarkdown("towards **\u0002follow\u0003-the-sun rotations**, then ```yaml"))).toBe(
      "towards <mark>follow</mark>-the-sun rotations, then",
    );
  });
});

describe("Markdown export of an event's notes", () => {
  it("nests each note's headings below the note's own title, leaving code blocks alone", async () => {
    const { nestHeadings } = await import("~/notes/export.server");
    expect(nestHeadings("## What worked\n```sh\n# a comment\n```\n# Top\n#hashtag")).toBe(
      "#### What worked\n```sh\n# a comment\n```\n### Top\n#hashtag",
    );
  });
});
