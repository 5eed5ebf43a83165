import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deniedText } from "#core/engine/permissions.ts";
import { createCedarPolicyEngine } from "./cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "./default-policies.ts";
import type { EntityRef, PolicyAction, PolicyEntity, PolicyRequest } from "./policy-engine.ts";

// The matrix in docs/permissions.md is the intended behaviour of the default policies: every cell is checked.
const doc = readFileSync(join(import.meta.dir, "../../../docs/permissions.md"), "utf8");
const table = doc.slice(doc.indexOf("<!-- matrix:begin -->"), doc.indexOf("<!-- matrix:end -->"));
const rows = table
  .split("\n")
  .filter((line) => line.startsWith("| ") && !line.startsWith("| command") && !line.startsWith("| ---"))
  .map((line) =>
    line
      .split("|")
      .map((cell) => cell.trim())
      .slice(1, -1),
  );
const columns = [
  { name: "guest", role: "guest", own: false },
  { name: "player", role: "player", own: false },
  { name: "builder own", role: "builder", own: true },
  { name: "builder other", role: "builder", own: false },
  { name: "admin other", role: "admin", own: false },
] as const;

const ref = (type: EntityRef["type"], id: string): EntityRef => ({ type, id });
const me = ref("Character", "me");
const other = ref("Character", "other");

/** The resource of a matrix target, owned by the asker or by someone else. */
function target(kind: string, own: boolean): PolicyEntity[] {
  const owner = own ? me : other;
  const room = (id: string, flags: string[] = []): PolicyEntity => ({
    uid: ref("Room", id),
    attrs: { owner, flags },
  });
  switch (kind) {
    case "game":
      return [{ uid: ref("Game", "game"), attrs: {} }];
    case "room":
      return [room("r")];
    case "private room":
      return [room("r", ["private"])];
    case "exit": {
      const to = { uid: ref("Room", "d"), attrs: { owner: other, flags: [] } };
      const attrs = { owner, flags: [], location: ref("Room", "r"), destination: to.uid };
      return [{ uid: ref("Exit", "x"), attrs }, to];
    }
    case "thing":
      return [{ uid: ref("Thing", "t"), attrs: { owner, flags: [], location: ref("Room", "r") } }];
    case "self":
      return [];
    case "character":
      return [{ uid: other, attrs: { role: "player", flags: [], ageDays: 3 } }];
    case "character blocking the asker":
      return [{ uid: other, attrs: { role: "player", flags: [], ageDays: 3, blocks: [me] } }];
    case "scene":
    case "private scene": {
      const attrs = {
        owner,
        participants: [owner],
        cast: [owner],
        invited: [],
        private: kind === "private scene",
        room: ref("Room", "r"),
      };
      return [{ uid: ref("Scene", "1"), attrs }];
    }
    case "channel":
      return [{ uid: ref("Channel", "Builders"), attrs: { name: "Builders" } }];
    case "channel you own":
      return [{ uid: ref("Channel", "Builders"), attrs: { name: "Builders", owner: me, moderators: [] } }];
    case "channel you moderate":
      return [
        { uid: ref("Channel", "Builders"), attrs: { name: "Builders", owner: other, moderators: [me] } },
      ];
    case "public channel":
      return [{ uid: ref("Channel", "Public"), attrs: { name: "Public" } }];
    default:
      throw new Error(`unknown matrix target ${kind}`);
  }
}

const engine = createCedarPolicyEngine({ schema: policySchema });
engine.load(defaultPolicies());

test("the matrix in docs/permissions.md has a row for every command action", () => {
  const inMatrix = new Set(rows.map((row) => row[1]));
  expect(Object.keys(deniedText).filter((action) => !inMatrix.has(action))).toEqual([]);
});

test.each(rows.flatMap((row) => columns.map((column, i) => [row[0], column.name, row, i] as const)))(
  "%s, as %s, is as docs/permissions.md says",
  (_command, _column, row, i) => {
    const [, action = "", kind = "", ...cells] = row;
    const column = columns[i] ?? columns[0];
    const principal: PolicyEntity = { uid: me, attrs: { role: column.role, flags: [], ageDays: 3 } };
    const entities = target(kind, column.own);
    const request: PolicyRequest = {
      principal: me,
      action: action as PolicyAction,
      resource: entities[0]?.uid ?? me,
      entities: [principal, ...entities],
    };
    const decision = engine.decide(request);
    expect({
      allowed: decision.allowed,
      reason: decision.reason.startsWith("error") ? decision.reason : "",
    }).toEqual({
      allowed: cells[i] === "yes",
      reason: "",
    });
  },
);
