/** One change to a plugin's key-value data: a value to set, or undefined to delete. */
export interface KvChange {
  readonly key: string;
  readonly value: string | undefined;
}

/** The port for plugins' key-value data (`fs.data`), one namespace per plugin; adapters persist it. */
export interface PluginKvStore {
  get(plugin: string, key: string): Promise<string | undefined>;
  set(plugin: string, key: string, value: string): Promise<void>;
  delete(plugin: string, key: string): Promise<void>;
  /** Every entry of one plugin. */
  entries(plugin: string): Promise<ReadonlyMap<string, string>>;
  /** Applies all changes, in order, atomically. */
  apply(plugin: string, changes: readonly KvChange[]): Promise<void>;
}
