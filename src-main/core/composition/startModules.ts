// Runs a module plan: starts each module with the services it declared, records what it provides,
// and stops the started modules in reverse order — at shutdown, or at once when a later module
// fails to start, so a core that cannot start leaves no port, lock or timer behind.
import type { CoreContext } from '../CoreContext';
import type { CoreModule, ModuleContext } from './CoreModule';
import { describePlanError, planModuleStart } from './planModuleStart';
import type { AnyServiceId, ServiceId, ServiceMap } from './serviceId';

export interface StartedModules {
  /** Module names in start order. */
  readonly order: readonly string[];
  /** The service an id names, when a started module provides it. */
  service<T>(id: ServiceId<T>): T | undefined;
  /** Stops every started module in reverse start order; a failing hook is logged, the rest still run. */
  stop(): Promise<void>;
}

interface Running {
  readonly module: CoreModule;
  readonly hooks: Array<() => void | Promise<void>>;
}

export async function startModules(modules: readonly CoreModule[], ctx: CoreContext): Promise<StartedModules> {
  const plan = planModuleStart(modules);
  if (!plan.ok) throw new Error(`the core cannot start: ${describePlanError(plan.error)}`);
  const services = new Map<AnyServiceId, unknown>();
  const running: Running[] = [];

  const resolve = (map: ServiceMap, required: boolean): Record<string, unknown> => {
    const deps: Record<string, unknown> = {};
    for (const [key, id] of Object.entries(map)) {
      if (services.has(id)) deps[key] = services.get(id);
      else if (required) throw new Error(`service "${id.name}" was not provided before it was needed`); // the plan makes this a bug
    }
    return deps;
  };

  const stopRunning = async () => {
    for (const { module, hooks } of running.splice(0).reverse()) {
      for (const hook of hooks.reverse()) {
        try {
          await hook();
        } catch (e) {
          ctx.log.error('core.module_stop_failed', { module: module.name, error: e });
        }
      }
    }
  };

  for (const module of plan.value) {
    const entry: Running = { module, hooks: [] };
    running.push(entry);
    const moduleContext: ModuleContext = { ...ctx, onStop: (hook) => void entry.hooks.push(hook) };
    try {
      const provided = (await module.start(moduleContext, { ...resolve(module.optional, false), ...resolve(module.requires, true) })) ?? {};
      for (const [key, id] of Object.entries(module.provides)) {
        if (!(key in provided)) throw new Error(`it did not provide "${id.name}"`);
        services.set(id, provided[key]);
      }
    } catch (e) {
      await stopRunning();
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(`${module.name}: ${reason}`, { cause: e });
    }
  }

  return {
    order: plan.value.map((m) => m.name),
    service: <T>(id: ServiceId<T>) => services.get(id) as T | undefined,
    stop: stopRunning,
  };
}
