/** The most addresses kept per character: its latest ones. */
const PER_CHARACTER = 4;

/** The addresses characters logged in from since the core started, for bans that would lock staff out. */
export interface AddressBook {
  /** Notes that `characterId` logged in (or resumed) from `address`; an empty address is ignored. */
  record(characterId: string, address: string): void;
  /** The addresses `characterId` logged in from, latest last. */
  addressesOf(characterId: string): readonly string[];
  /** Every character with an address noted. */
  characters(): readonly string[];
}

/** Creates an empty address book. Known limitation: it starts empty at each core start. */
export function createAddressBook(): AddressBook {
  const byCharacter = new Map<string, string[]>();
  return {
    record(characterId, address) {
      if (!address) return;
      const list = (byCharacter.get(characterId) ?? []).filter((a) => a !== address);
      list.push(address);
      byCharacter.set(characterId, list.slice(-PER_CHARACTER));
    },
    addressesOf: (id) => byCharacter.get(id) ?? [],
    characters: () => [...byCharacter.keys()],
  };
}
