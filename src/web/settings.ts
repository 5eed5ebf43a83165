import { type KeyValueStore, readJson, writeJson } from "./key-value-store.ts";

/** The player's display settings, kept in the browser. */
export interface Settings {
  readonly theme: "system" | "light" | "dark";
  readonly fontSize: number;
  readonly timestamps: boolean;
  readonly screenReader: boolean;
}

/** The settings of a first visit. */
export const defaultSettings: Settings = {
  theme: "system",
  fontSize: 16,
  timestamps: false,
  screenReader: false,
};

const key = "holomush.settings";

/** The stored settings, each field checked on its own so one bad value does not lose the others. */
export function loadSettings(store: KeyValueStore): Settings {
  const v = readJson(store, key);
  const f = typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  return {
    theme:
      f.theme === "light" || f.theme === "dark" || f.theme === "system" ? f.theme : defaultSettings.theme,
    fontSize:
      typeof f.fontSize === "number" && f.fontSize >= 12 && f.fontSize <= 32
        ? f.fontSize
        : defaultSettings.fontSize,
    timestamps: typeof f.timestamps === "boolean" ? f.timestamps : defaultSettings.timestamps,
    screenReader: typeof f.screenReader === "boolean" ? f.screenReader : defaultSettings.screenReader,
  };
}

/** Stores the settings. */
export function saveSettings(store: KeyValueStore, settings: Settings): void {
  writeJson(store, key, settings);
}
