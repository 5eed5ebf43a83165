/** Small key/value settings of the game kept in the store, such as game_id. */
export interface SystemInfo {
  /** The value of `key`, or undefined when unset. */
  get(key: string): Promise<string | undefined>;
  /** Sets `key` to `value`, replacing any old value. */
  set(key: string, value: string): Promise<void>;
  /** Sets `key` only when unset, and returns the value now stored (the winner's, under a race). */
  setIfAbsent(key: string, value: string): Promise<string>;
}
