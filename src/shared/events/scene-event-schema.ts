import { bool, count, object, oneOf, str } from "./payload-check.ts";

/** Who acted on a scene: `scene` is its number, `name` the acting character's display name. */
const by = { scene: count, name: str };

/**
 * The events of scenes, each on the scene's own stream `scene:<n>`. Part of eventSchema (./event-schema.ts).
 * Participants follow that stream; a private scene's say, pose and emit are written there too, so only they see
 * them. An open scene's speech stays on its location's stream, and its log is read from both.
 */
export const sceneEventSchema = {
  "scene.start": {
    streams: ["scene"],
    description:
      "`Alice starts scene 3: The Duel.`; `location` is the room's id, `locationName` its name then, `characterId` the starter, who joins.",
    payload: object({ ...by, title: str, location: str, locationName: str, characterId: str }),
  },
  "scene.announce": {
    streams: ["location"],
    description:
      '`Alice starts scene 3 here: The Duel. Type "scene join 3" to take part.`, to the room where a scene starts.',
    payload: object({ ...by, title: str }),
  },
  "scene.join": {
    streams: ["scene"],
    description: "`[Scene 3] Bob joins the scene.`",
    payload: object({ ...by, characterId: str }),
  },
  "scene.leave": {
    streams: ["scene"],
    description: "`[Scene 3] Bob leaves the scene.`",
    payload: object({ ...by, characterId: str }),
  },
  "scene.invite": {
    streams: ["scene"],
    description: "`[Scene 3] Alice invites Bob.`; `characterId` is the invitee's id, `invitee` their name.",
    payload: object({ ...by, characterId: str, invitee: str }),
  },
  "scene.set": {
    streams: ["scene"],
    description:
      "`[Scene 3] Alice sets the title: The Duel.`; a `warning` adds a content warning, the others replace.",
    payload: object({ ...by, field: oneOf("title", "summary", "warning"), text: str }),
  },
  "scene.state": {
    streams: ["scene"],
    description: "`[Scene 3] Alice pauses the scene.` (or resumes, or stops it).",
    payload: object({ ...by, state: oneOf("active", "paused", "stopped") }),
  },
  "scene.privacy": {
    streams: ["scene"],
    description: "`[Scene 3] Alice makes the scene private.` (or open).",
    payload: object({ ...by, private: bool }),
  },
  "scene.redact": {
    streams: ["scene"],
    description:
      "`[Scene 3] Alice redacts a line by Bob.`; `position` is the redacted line's event, which stays in the store: logs and exports show `[redacted by Alice]` in its place. `characterId` is who redacted it, `author` the line's author then.",
    payload: object({ ...by, characterId: str, position: count, author: str }),
  },
  "scene.nudge": {
    streams: ["scene"],
    description:
      "`[Scene 3] Alice turns pose nudges on.` (or off): the next poser is told once that it is their turn.",
    payload: object({ ...by, nudge: bool }),
  },
  "scene.idle": {
    streams: ["scene"],
    description:
      "`[Scene 3] Alice sets the idle limit to 45 minutes.`: a participant quiet for longer leaves the pose order (not the scene) until they pose.",
    payload: object({ ...by, minutes: count }),
  },
} as const;
