import type { PendingStore, StoredCommand } from "./pending-store.ts";

const request = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });

/**
 * The pending commands in IndexedDB (database `holomush`): store `commands` keyed by [client, seq], store
 * `counters` keyed by client. Every write waits for its transaction to commit, so a command is on disk
 * before the queue sends it.
 */
export async function openIdbPendingStore(factory: IDBFactory): Promise<PendingStore> {
  const open = factory.open("holomush", 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore("commands", { keyPath: ["client", "seq"] });
    open.result.createObjectStore("counters");
  };
  const db = await request(open);
  const write = async (stores: string[], fn: (tx: IDBTransaction) => void): Promise<void> => {
    const tx = db.transaction(stores, "readwrite");
    fn(tx);
    await done(tx);
  };
  return {
    all: async () => {
      const rows = await request(db.transaction("commands").objectStore("commands").getAll());
      return rows as StoredCommand[];
    },
    put: (command) => write(["commands"], (tx) => tx.objectStore("commands").put(command)),
    remove: (client, seq) => write(["commands"], (tx) => tx.objectStore("commands").delete([client, seq])),
    replace: (old, next) =>
      write(["commands"], (tx) => {
        tx.objectStore("commands").delete([old.client, old.seq]);
        tx.objectStore("commands").put(next);
      }),
    nextSeq: async (client) => {
      const tx = db.transaction("counters", "readwrite");
      const counters = tx.objectStore("counters");
      // Read and write in one transaction: two tabs can never draw the same seq.
      const current = (await request(counters.get(client))) as number | undefined;
      const seq = (current ?? 0) + 1;
      counters.put(seq, client);
      await done(tx);
      return seq;
    },
  };
}
