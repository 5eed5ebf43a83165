import { expect, test } from "bun:test";
import { lockCharacters, lockCondition, parseLock } from "./lock-expression.ts";

const ids = new Map([
  ["Alice", "A1"],
  ["Bob", "B2"],
]);
const compile = (text: string) => lockCondition(parseLock(text), ids);

test.each([
  ["flag:member", 'principal.flags.contains("member")'],
  ["!flag:banned", '!(principal.flags.contains("banned"))'],
  ["role:Builder", 'principal.role == "builder"'],
  ["char:Alice|char:Bob", '(principal == Character::"A1" || principal == Character::"B2")'],
  [
    "flag:member & !flag:banned | role:admin",
    '((principal.flags.contains("member") && !(principal.flags.contains("banned"))) || principal.role == "admin")',
  ],
  [
    "flag:member & (char:Alice | age:7)",
    '(principal.flags.contains("member") && (principal == Character::"A1" || principal.ageDays >= 7))',
  ],
  ["!owner", "!(principal == resource.owner)"],
  ["  ( ( flag:a ) )  ", 'principal.flags.contains("a")'],
])("the lock %s compiles to a Cedar condition", (text, cedar) => {
  expect(compile(text)).toBe(cedar);
});

test.each([
  ["", "That lock does not parse: it is empty."],
  ["flag:", 'That lock does not parse: "flag:" has no value after the colon.'],
  ["member", 'That lock does not parse: "member" is not a key: write role:, char:, flag:, age: or owner.'],
  ["rank:3", 'That lock does not parse: "rank:" is not a key: write role:, char:, flag:, age: or owner.'],
  ["role:wizard", 'That lock does not parse: "wizard" is not a role (guest, player, builder, admin).'],
  ["flag:Two Words", 'That lock does not parse: expected & or | at "Words".'],
  ["(flag:a | flag:b", 'That lock does not parse: a ")" is missing at the end.'],
  ["flag:a &", "That lock does not parse: expected a key such as flag:member at the end."],
  ["flag:a | )", 'That lock does not parse: expected a key such as flag:member at ")".'],
  ["age:soon", 'That lock does not parse: "soon" is not a number of days.'],
  ["char:Zed", "That lock names 'Zed', and there is no such character."],
  [`${"(".repeat(40)}flag:a${")".repeat(40)}`, "That lock does not parse: it nests deeper than 32 levels."],
  ["flag:a|".repeat(100), "That lock does not parse: it is longer than 500 characters."],
])("the lock %# is refused with a message naming what is wrong", (text, message) => {
  expect(() => compile(text)).toThrow(message);
});

test("the characters a lock names are listed, as written, to be resolved", () => {
  expect(lockCharacters(parseLock("char:Alice | !(char:bob & flag:x)"))).toEqual(["Alice", "bob"]);
});
