import { byId } from "./dom.ts";
import type { Settings } from "./settings.ts";

/** Wires the Settings dialog of index.html: opens it, and reports every change. */
export function wireSettingsDialog(initial: Settings, changed: (settings: Settings) => void): void {
  const dialog = byId<HTMLDialogElement>("settings");
  const theme = byId<HTMLSelectElement>("setting-theme");
  const fontSize = byId<HTMLInputElement>("setting-font-size");
  const timestamps = byId<HTMLInputElement>("setting-timestamps");
  const screenReader = byId<HTMLInputElement>("setting-screen-reader");
  theme.value = initial.theme;
  fontSize.value = String(initial.fontSize);
  timestamps.checked = initial.timestamps;
  screenReader.checked = initial.screenReader;
  const read = (): Settings => ({
    theme: theme.value === "light" || theme.value === "dark" ? theme.value : "system",
    fontSize: Math.min(32, Math.max(12, Number(fontSize.value) || 16)),
    timestamps: timestamps.checked,
    screenReader: screenReader.checked,
  });
  for (const input of [theme, fontSize, timestamps, screenReader])
    input.addEventListener("change", () => changed(read()));
  byId("open-settings").addEventListener("click", () => dialog.showModal());
  byId("close-settings").addEventListener("click", () => dialog.close());
}

/** Applies the settings to the page: theme and size as attributes the stylesheet reads. */
export function applySettings(settings: Settings): void {
  const root = document.documentElement;
  root.dataset.theme = settings.theme;
  root.dataset.screenReader = String(settings.screenReader);
  root.style.setProperty("--font-size", `${settings.fontSize}px`);
}
