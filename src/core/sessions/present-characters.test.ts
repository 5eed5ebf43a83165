import { expect, test } from "bun:test";
import type { Character } from "#core/accounts/account-store.ts";
import { createPresentCharacters } from "./present-characters.ts";
import { testSession } from "./session-store.contract.ts";

const alice: Character = { id: "CA", playerId: "PA", name: "Alice", locationId: "lobby", createdAt: 0 };

/** Accounts holding `alice` at a location that a test can change, counting reads. */
function accounts() {
  const state = { location: "lobby", reads: 0 };
  return {
    state,
    store: {
      getCharacter: async (id: string) => {
        state.reads += 1;
        return id === alice.id ? { ...alice, locationId: state.location } : undefined;
      },
    },
  };
}

test("present characters are read once, and again only after they are forgotten", async () => {
  const { state, store } = accounts();
  const present = createPresentCharacters(store);
  const sessions = [testSession({ characterId: alice.id })];
  expect(await present.of([...sessions, testSession({ characterId: "gone" })])).toEqual([alice]);
  state.reads = 0;
  expect(await present.of(sessions)).toEqual([alice]);
  expect(state.reads).toBe(0);
  state.location = "garden";
  present.forget(alice.id);
  expect(await present.of(sessions)).toEqual([{ ...alice, locationId: "garden" }]);
});

test("a read that raced a forget answers once but is not kept", async () => {
  const { state, store } = accounts();
  const present = createPresentCharacters(store);
  const sessions = [testSession({ characterId: alice.id })];
  const racing = present.of(sessions);
  state.location = "garden";
  present.forget(alice.id);
  await racing;
  expect(await present.of(sessions)).toEqual([{ ...alice, locationId: "garden" }]);
});
