import pkg from "../../package.json" with { type: "json" };

declare const HOLOMUSH_BUILD_VERSION: string | undefined;
declare const HOLOMUSH_BUILD_COMMIT: string | undefined;

/** The version and git commit this build was stamped with by scripts/build-binary.ts. */
export interface BuildInfo {
  readonly version: string;
  readonly commit: string;
}

/** The running build's version; unstamped (source) runs report the package version and commit "dev". */
export function buildInfo(): BuildInfo {
  const version = typeof HOLOMUSH_BUILD_VERSION === "string" ? HOLOMUSH_BUILD_VERSION : pkg.version;
  const commit = typeof HOLOMUSH_BUILD_COMMIT === "string" ? HOLOMUSH_BUILD_COMMIT : "dev";
  return { version, commit };
}
