import type { Role } from "#core/accounts/account-rules.ts";
import type { NewId } from "#shared/util/ids.ts";
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

/** Who asks: the acting character, its role, where it stands, and the ids its audit events get. */
export interface SceneSubject {
  readonly id: string;
  readonly role: Role;
  readonly locationId: string;
  readonly newId: NewId;
}

/**
 * Whether `who` may do `action` to `scene`: the game asks the policy engine (game/scene-decider.ts; the
 * defaults are in policy/default-policies/scenes.cedar:
 * admins do anything, the owner runs the scene, participants edit it and invite, a private scene is joined and
 * read only by those invited or who took part). `quiet` decides without writing a denial to the audit stream
 * (a listing that only hides a title).
 */
export type SceneDecider = (
  who: SceneSubject,
  scene: Scene,
  action: SceneAction,
  quiet?: boolean,
) => Promise<boolean>;

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
