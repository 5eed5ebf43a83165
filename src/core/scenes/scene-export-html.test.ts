import { describe, expect, test } from "bun:test";
import type { Scene } from "./scene.ts";
import { exportScene } from "./scene-export.ts";
import type { SceneLogEntry } from "./scene-log.ts";

const hostile = `<script>alert("x")</script> & 'quotes' "too"`;

const scene: Scene = {
  id: 7,
  title: `<b onmouseover="steal()">Duel</b> & co`,
  summary: `Ends </dd><script>1</script>`,
  warnings: [`<img src=x onerror=alert(1)>`],
  locationId: "lobby",
  locationName: `Bob's "Bar" & Grill`,
  ownerId: "a",
  ownerName: "Alice",
  state: "stopped",
  private: false,
  participants: new Map(),
  cast: new Map([
    ["a", "Alice"],
    ["m", `<Mallory>`],
  ]),
  invited: new Set(),
  joinedAt: new Map(),
  redactions: new Map([[12, "Alice"]]),
  nudge: false,
  idleMinutes: 30,
  startedAt: Date.UTC(2026, 0, 2, 20, 0),
  startPosition: 1,
  stoppedAt: Date.UTC(2026, 0, 2, 21, 30),
  stopPosition: 20,
};

const entry = (position: number, over: Partial<SceneLogEntry>): SceneLogEntry => ({
  position,
  at: Date.UTC(2026, 0, 2, 20, position),
  kind: "pose",
  ooc: false,
  authorId: "m",
  name: "<Mallory>",
  text: hostile,
  semipose: false,
  ...over,
});

const entries = [
  entry(10, {}),
  entry(11, { kind: "say", ooc: true, text: "brb & <b>back</b>" }),
  entry(12, { authorId: "a", name: "Alice", text: "a line taken back", redactedBy: "Alice" }),
];

describe("the HTML export", () => {
  const html = exportScene(scene, entries, "html");

  test("is one standalone document with a title, the facts, and each line's author and time", () => {
    expect(html).toStartWith('<!DOCTYPE html>\n<html lang="en">');
    expect(html).toEndWith("</body>\n</html>\n");
    expect(html).toContain(
      "<title>Scene 7: &lt;b onmouseover=&quot;steal()&quot;&gt;Duel&lt;/b&gt; &amp; co</title>",
    );
    expect(html).toContain("<dt>Participants</dt><dd>Alice, &lt;Mallory&gt;</dd>");
    expect(html).toContain("<dt>Started</dt><dd>2026-01-02 20:00 UTC</dd>");
    expect(html).toContain("<dt>Content warnings</dt><dd>&lt;img src=x onerror=alert(1)&gt;</dd>");
    expect(html).toContain(
      '<header><span class="author">&lt;Mallory&gt;</span> · <time datetime="2026-01-02T20:10:00.000Z">2026-01-02 20:10 UTC</time></header>',
    );
  });

  test("escapes every piece of player text, so it holds no script, no handler and no raw markup of theirs", () => {
    expect(html).toContain(
      "<p>&lt;Mallory&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &quot;too&quot;</p>",
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b[ >]/);
    expect(html).toContain(`Bob&#39;s &quot;Bar&quot; &amp; Grill`);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  test("marks out-of-character and redacted lines, and says what was redacted", () => {
    expect(html).toContain('<article class="line ooc">');
    expect(html).toContain(
      "<p>&lt;OOC&gt; &lt;Mallory&gt; says, &quot;brb &amp; &lt;b&gt;back&lt;/b&gt;&quot;</p>",
    );
    expect(html).toContain('<article class="line redacted">');
    expect(html).toContain("<p>[redacted by Alice]</p>");
    expect(html).not.toContain("a line taken back");
    expect(html).toContain(
      "<dt>Redacted</dt><dd>1 line, each shown as [redacted by &lt;name&gt;] in its place</dd>",
    );
  });
});

describe("out-of-character lines in exports", () => {
  test("are marked <OOC> in text, and left out with the export saying so when asked", () => {
    const text = exportScene(scene, entries, "text");
    expect(text).toContain(`<OOC> <Mallory> says, "brb & <b>back</b>"`);
    const without = exportScene(scene, entries, "text", { ooc: false });
    expect(without).not.toContain("brb");
    expect(without).toContain("Out of character: left out of this export");
    expect(exportScene(scene, entries, "markdown", { ooc: false })).not.toContain("brb");
  });
});
