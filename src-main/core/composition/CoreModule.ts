// One domain of the core (devices, storage, printing, cash, fees, …) as the composition root sees
// it: the services it provides, the services it requires or uses when present, and its start.
// Cleanup registered with `onStop` runs when the core stops, in reverse start order.
import type { CoreContext } from '../CoreContext';
import type { Resolved, ServiceId, ServiceMap } from './serviceId';

/** What a module's start receives besides its dependencies: the core's facilities and its stop hooks. */
export interface ModuleContext extends CoreContext {
  /** Registers cleanup for this module; a module's hooks run in reverse order of registration. */
  onStop(hook: () => void | Promise<void>): void;
}

type NoServices = Readonly<Record<never, never>>;

/** What start returns: every provided service (nothing for a module that provides none). */
type Provided<P extends ServiceMap> = [keyof P] extends [never] ? void : Resolved<P>;

/** The erased form the composition root works with; build one with `defineModule`. */
export interface CoreModule {
  readonly name: string;
  /** Must be provided by a module that starts earlier; a missing provider refuses the start. */
  readonly requires: ServiceMap;
  /** Used when some module provides it (that module then starts earlier); absent otherwise. */
  readonly optional: ServiceMap;
  readonly provides: ServiceMap;
  start(ctx: ModuleContext, deps: Readonly<Record<string, unknown>>): Promise<Readonly<Record<string, unknown>> | void>;
}

export interface ModuleDefinition<Req extends ServiceMap, Opt extends ServiceMap, Prov extends ServiceMap> {
  readonly name: string;
  readonly requires?: Req;
  readonly optional?: Opt;
  readonly provides?: Prov;
  /** Builds the module's services from its dependencies; `deps` holds exactly what was declared. */
  start(ctx: ModuleContext, deps: Resolved<Req> & Partial<Resolved<Opt>>): Provided<Prov> | Promise<Provided<Prov>>;
}

/** Declares a module; the types of `deps` and of what start returns follow from the declaration. */
export function defineModule<Req extends ServiceMap = NoServices, Opt extends ServiceMap = NoServices, Prov extends ServiceMap = NoServices>(
  definition: ModuleDefinition<Req, Opt, Prov>,
): CoreModule {
  return {
    name: definition.name,
    requires: definition.requires ?? {},
    optional: definition.optional ?? {},
    provides: definition.provides ?? {},
    start: async (ctx, deps) => (await definition.start(ctx, deps as Resolved<Req> & Partial<Resolved<Opt>>)) ?? undefined,
  };
}

/** A module that only provides a value built outside the core (a key provider from the shell, a test double). */
export function valueModule<T>(name: string, id: ServiceId<T>, value: T): CoreModule {
  return defineModule({ name, provides: { value: id }, start: () => ({ value }) });
}
