// Typed names of the core's services, after VS Code's service identifiers without its decorator
// container: a module declares the ids it provides and requires, and the composition root wires
// them. An id is declared once, beside the service it names.

/** Names one service of the core and carries its type. Compared by identity, never by name. */
export interface ServiceId<T> {
  /** For messages and logs: "outbox", "cash", … */
  readonly name: string;
  /** Type carrier only (never set); a function type keeps `ServiceId<A>` and `ServiceId<B>` apart. */
  readonly serviceType?: (service: T) => T;
}

export function serviceId<T>(name: string): ServiceId<T> {
  return Object.freeze({ name });
}

/** Any service id, whatever its type: for constraints and the wiring, which never reads a service. */
export interface AnyServiceId {
  readonly name: string;
}

/** Local names a module gives the services it requires, provides or uses when present. */
export type ServiceMap = Readonly<Record<string, AnyServiceId>>;

/** The service type an id names. */
export type ServiceOf<I> = I extends ServiceId<infer T> ? T : never;

/** A service map with each id replaced by its service. */
export type Resolved<M extends ServiceMap> = { readonly [K in keyof M]: ServiceOf<M[K]> };
