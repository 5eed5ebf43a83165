/** Exhaustiveness check for discriminated unions: unreachable when every case is handled. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
