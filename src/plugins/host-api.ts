/** The namespace of HoloMUSH's host functions, as as-pdk's `@external` names it. */
export const HOST_NAMESPACE = "extism:host/user";

/** The Extism kernel namespace. */
export const KERNEL_NAMESPACE = "extism:host/env";

/** The namespace of the metering import the host injects at load; never importable by a plugin itself. */
export const METER_NAMESPACE = "holomush:meter";

/** The host functions a plugin may import from HOST_NAMESPACE; each takes and returns a JSON block offset. */
export const hostFunctionNames = [
  "holomush_emit",
  "holomush_notify",
  "holomush_world",
  "holomush_kv",
  "holomush_log",
  "holomush_attributes",
] as const;

/** One host function name. */
export type HostFunctionName = (typeof hostFunctionNames)[number];

/**
 * The Extism kernel functions a plugin may import.
 * Known limitation: var_get/var_set (unbounded host-side state) and http_* (net.http is not implemented) are refused.
 */
export const kernelFunctionNames: readonly string[] = [
  "input_length",
  "input_load_u8",
  "input_load_u64",
  "input_offset",
  "length",
  "length_unsafe",
  "alloc",
  "free",
  "output_set",
  "error_set",
  "config_get",
  "store_u8",
  "load_u8",
  "store_u64",
  "load_u64",
  "log_warn",
  "log_info",
  "log_debug",
  "log_error",
];

/** Guest exports the host calls. */
export const guestExports = { event: "handle_event", command: "handle_command" } as const;

/** True when a module may import `module`.`name`. */
export function isAllowedImport(module: string, name: string, kind: string): boolean {
  if (kind !== "function") return false;
  if (module === KERNEL_NAMESPACE) return kernelFunctionNames.includes(name);
  if (module === HOST_NAMESPACE) return (hostFunctionNames as readonly string[]).includes(name);
  return false;
}
