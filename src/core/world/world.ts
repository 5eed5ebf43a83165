/** A place characters can be; its activity is the stream `location:<id>`. */
export interface Location {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/** The game world as the engine reads it; the world service implements it over the world's events. */
export interface World {
  /** The location with this id, or undefined. */
  getLocation(id: string): Promise<Location | undefined>;
  /** Where new characters start. */
  readonly startLocationId: string;
}
