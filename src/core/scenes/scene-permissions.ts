import type { Role } from "#core/accounts/account-rules.ts";
import type { Scene } from "./scene.ts";

/** What a character may ask of a scene. */
export type SceneAction =
  /** read its log or export it */
  | "read"
  /** join it */
  | "join"
  /** set its title, summary or warnings, or invite someone */
  | "edit"
  /** pause, resume, stop it, or make it private or open */
  | "run";

/** Who asks. */
export interface SceneSubject {
  readonly characterId: string;
  readonly role: Role;
}

/**
 * The one place scene permissions are decided, until the policy engine decides them: admins may do anything;
 * the owner runs the scene; participants edit it and invite; a private scene is joined and read only by those
 * invited or who took part.
 */
export function sceneAllows(subject: SceneSubject, scene: Scene, action: SceneAction): boolean {
  if (subject.role === "admin") return true;
  const id = subject.characterId;
  switch (action) {
    case "read":
      return !scene.private || scene.cast.has(id) || scene.invited.has(id);
    case "join":
      return !scene.private || scene.invited.has(id) || scene.ownerId === id;
    case "edit":
      return scene.participants.has(id) || scene.ownerId === id;
    case "run":
      return scene.ownerId === id;
  }
}

/** The line a refused scene action gets; nothing changes when it is shown. */
export function sceneDeniedText(scene: Scene, action: SceneAction): string {
  switch (action) {
    case "read":
      return `Scene ${scene.id} is private; only those who took part or were invited may read it.`;
    case "join":
      return `Scene ${scene.id} is private; you need an invitation to join it.`;
    case "edit":
      return `Only participants of scene ${scene.id} may change it.`;
    case "run":
      return `Only ${scene.ownerName}, who started scene ${scene.id}, or an admin may do that.`;
  }
}
