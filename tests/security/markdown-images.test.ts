// A Markdown image must not tell a third party who reads a note (issue 18, finding 7):
// images from other sites are shown as plain links with their alt text, and the CSP
// allows images only from the app itself and data: URLs (img-src 'self' data:).
import { describe, expect, it } from "vitest";
import { createNote } from "~/notes/create-note.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";

const PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

describe("Markdown images", () => {
  it.each([
    ["https", "![Team photo](https://tracker.example/p.png?note=42)", "https://tracker.example/p.png?note=42", "Team photo"],
    ["http", "![x](http://tracker.example/p.gif)", "http://tracker.example/p.gif", "x"],
    ["protocol-relative", "![x](//tracker.example/p.gif)", "//tracker.example/p.gif", "x"],
    ["without alt text", "![](https://tracker.example/p.gif)", "https://tracker.example/p.gif", "https://tracker.example/p.gif"],
  ])("from another site (%s) become a plain link with the alt text", (_name, source, href, text) => {
    const html = renderMarkdown(source);
    expect(html).not.toContain("<img");
    expect(html).toContain(`<a href="${href.replace(/&/g, "&amp;")}" rel="nofollow ugc noopener noreferrer">${text}</a>`);
  });

  it("escape the alt text of such a link", () => {
    const html = renderMarkdown('![<b>"bold"</b> & co](https://tracker.example/p.png)');
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co</a>");
  });

  it("inside a link become its text (no link inside a link)", () => {
    const html = renderMarkdown("[![Badge](https://tracker.example/badge.svg)](https://ci.example/build)");
    expect(html).not.toContain("<img");
    expect(html).toMatch(/<a href="https:\/\/ci\.example\/build" rel="[^"]+">Badge<\/a>/);
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it("from the app itself and raster data: URLs stay images", () => {
    expect(renderMarkdown("![Logo](/favicon.svg)")).toContain('<img src="/favicon.svg" alt="Logo">');
    expect(renderMarkdown("![Diagram](diagram.png)")).toContain('<img src="diagram.png" alt="Diagram">');
    expect(renderMarkdown(`![Dot](${PIXEL})`)).toContain(`<img src="${PIXEL}" alt="Dot">`);
  });
});

describe("a note page", () => {
  const server = startTestServer();

  it("shows an external image as a link, and its CSP allows images only from this site and data:", async () => {
    const { url } = await server;
    const author = await makeUser();
    const note = createNote({
      eventId: makeEvent().id,
      authorIds: [author.id],
      title: "Reads are private",
      body: "![Who reads this](https://tracker.example/pixel.png)",
      visibility: "public",
    });
    const response = await client(url).get(`/notes/${note.id}`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/(?:^|; )img-src 'self' data:(?:;|$)/);
    const html = await response.text();
    expect(html).toContain(">Who reads this</a>");
    expect(html).not.toMatch(/<img[^>]+tracker\.example/);
  });
});
