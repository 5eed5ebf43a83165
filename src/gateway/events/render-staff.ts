import { playerText } from "#shared/markup/markup.ts";
import type { Renderers } from "./render-comms.ts";

// Announcements to everyone: @wall, and the @shutdown countdown and @reboot notice. The admin's name and text
// are player text; only the bracketed label is the server's own markup.

const label = (text: string) => `%[bold][${text}]%[/]`;

const seconds = (n: number) => (n === 1 ? "1 second" : `${n} seconds`);

/** Renderers of the `wall` stream. */
export const staffRenderers: Renderers = {
  wall: (e) =>
    e.payload.pose
      ? `${label("Announcement")} ${playerText(e.payload.name)} ${playerText(e.payload.text)}`
      : `${label("Announcement")} ${playerText(e.payload.name)}: ${playerText(e.payload.text)}`,
  shutdown_notice: (e) => {
    const { name, message } = e.payload;
    const why = message ? ` ${playerText(message)}` : "";
    if (e.payload.cancelled) return `${label("Shutdown")} ${playerText(name)} called off the shutdown.`;
    if (e.payload.reboot) return `${label("Reboot")} The game is restarting now; you stay connected.${why}`;
    if (e.payload.seconds === 0) return `${label("Shutdown")} The game is shutting down now.${why}`;
    return `${label("Shutdown")} The game shuts down in ${seconds(e.payload.seconds)}.${why}`;
  },
};
