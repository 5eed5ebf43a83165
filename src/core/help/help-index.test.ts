import { describe, expect, test } from "bun:test";
import { createHelpIndex, editDistance } from "./help-index.ts";
import { parseHelpFile } from "./help-topic.ts";

const topic = (path: string, text: string) => parseHelpFile({ path, text }, `test:${path}`);

const index = createHelpIndex([
  topic("communication/say.md", "---\ntitle: say\n---\nSpeak to the room."),
  topic("communication/page.md", "---\naliases: [tell, P]\n---\nA private message, kept if they are away."),
  topic("general/newbie.md", "---\ntitle: Getting started\naliases: new\n---\nWelcome to the game."),
  topic("building/dig.md", "Make a room."),
  topic("lore/history.md", "---\ncategory: Lore\n---\nThe story of the city."),
]);

describe("a help topic file", () => {
  test("its name is the file's, its category the directory's, and the front matter gives title and aliases", () => {
    expect(topic("Communication/Page.md", "---\ntitle: Paging\naliases: [tell]\n---\nBody\n")).toEqual({
      name: "page",
      title: "Paging",
      aliases: ["tell"],
      category: "communication",
      body: "Body\n",
      origin: "test:Communication/Page.md",
    });
  });

  test("a file with no front matter is all body, in the general category when it sits at the top", () => {
    expect(topic("rules.md", "# Rules\nBe kind.")).toMatchObject({
      name: "rules",
      title: "rules",
      category: "general",
      body: "# Rules\nBe kind.",
    });
  });

  test.each([
    ["a name with spaces", "my topic.md", "Text"],
    ["front matter that is not YAML", "a.md", "---\ntitle: [unclosed\n---\nText"],
    ["front matter that is a list", "a.md", "---\n- a\n---\nText"],
    ["aliases that are not words", "a.md", "---\naliases: [{a: 1}]\n---\nText"],
  ])("%s is refused with the file named", (_what, path, text) => {
    expect(() => topic(path, text)).toThrow(`test:${path}`);
  });
});

describe("the help index", () => {
  test("finds a topic by name or alias, in any case", () => {
    expect([index.find("SAY")?.name, index.find("tell")?.name, index.find("p")?.name]).toEqual([
      "say",
      "page",
      "page",
    ]);
    expect(index.find("nothing")).toBeUndefined();
  });

  test("lists the built-in categories in their order, then staff ones, each with its topics sorted", () => {
    expect(index.categories()).toEqual([
      { name: "general", topics: ["newbie"] },
      { name: "communication", topics: ["page", "say"] },
      { name: "building", topics: ["dig"] },
      { name: "lore", topics: ["history"] },
    ]);
  });

  test("search finds the topics whose title or text holds the word, in any case", () => {
    expect(index.search("ROOM").map((t) => t.name)).toEqual(["dig", "say"]);
    expect(index.search("getting").map((t) => t.name)).toEqual(["newbie"]);
    expect(index.search("zebra")).toEqual([]);
    expect(index.search("  ")).toEqual([]);
  });

  test("close matches are the topics a word starts, then those a typo away", () => {
    expect(index.closeTo("pag")).toEqual(["page"]);
    expect(index.closeTo("sya")).toEqual(["say"]);
    expect(index.closeTo("newbei")).toEqual(["newbie"]);
    expect(index.closeTo("xyzzy")).toEqual([]);
  });

  test("a later topic of the same name replaces the earlier, and an alias never hides a name", () => {
    const replaced = createHelpIndex([
      topic("communication/say.md", "Built in."),
      topic("world/look.md", "---\naliases: [say]\n---\nLook."),
      topic("custom/say.md", "Staff's own."),
    ]);
    expect(replaced.find("say")?.body).toBe("Staff's own.");
    expect(replaced.size).toBe(2);
  });

  test("edit distance counts insertions, deletions, substitutions and swapped letters, capped", () => {
    expect([
      editDistance("say", "say"),
      editDistance("sya", "say"),
      editDistance("sat", "say"),
      editDistance("sy", "say"),
      editDistance("a", "abcdefgh", 3),
    ]).toEqual([0, 1, 1, 1, 4]);
  });
});
