// Derives the order in which the core's modules start from what each provides and requires (a
// stable topological sort: among modules whose dependencies are met, the listed order wins), and
// refuses a plan with a missing provider, a service provided twice, or a dependency cycle, naming
// the modules involved. Pure: the composition root runs the plan.
import { err, ok, type Result } from '../../../src-common/result';
import type { CoreModule } from './CoreModule';
import type { AnyServiceId } from './serviceId';

/** Why a list of modules cannot start; each variant names what to fix. */
export type PlanError =
  /** A required service that no listed module provides. */
  | { readonly kind: 'missingProvider'; readonly module: string; readonly service: string }
  /** Two modules provide the same service. */
  | { readonly kind: 'duplicateProvider'; readonly service: string; readonly modules: readonly [string, string] }
  /** Two modules with the same name (their logs and stop order would be ambiguous). */
  | { readonly kind: 'duplicateModule'; readonly module: string }
  /** Modules that need each other, in dependency order, the first repeated at the end. */
  | { readonly kind: 'cycle'; readonly modules: readonly string[] };

export function describePlanError(error: PlanError): string {
  switch (error.kind) {
    case 'missingProvider':
      return `module "${error.module}" requires the service "${error.service}", which no listed module provides`;
    case 'duplicateProvider':
      return `the service "${error.service}" is provided by both "${error.modules[0]}" and "${error.modules[1]}"`;
    case 'duplicateModule':
      return `the module "${error.module}" is listed twice`;
    case 'cycle':
      return `modules depend on each other in a cycle: ${error.modules.join(' → ')}`;
  }
}

/** The modules in start order; stop them in the reverse. */
export function planModuleStart(modules: readonly CoreModule[]): Result<readonly CoreModule[], PlanError> {
  const names = new Set<string>();
  const providers = new Map<AnyServiceId, CoreModule>();
  for (const module of modules) {
    if (names.has(module.name)) return err({ kind: 'duplicateModule', module: module.name });
    names.add(module.name);
    for (const id of Object.values(module.provides)) {
      const earlier = providers.get(id);
      if (earlier) return err({ kind: 'duplicateProvider', service: id.name, modules: [earlier.name, module.name] });
      providers.set(id, module);
    }
  }

  /** For each module, the modules it must start after. */
  const after = new Map<CoreModule, CoreModule[]>();
  for (const module of modules) {
    const needs: CoreModule[] = [];
    for (const id of Object.values(module.requires)) {
      const provider = providers.get(id);
      if (!provider) return err({ kind: 'missingProvider', module: module.name, service: id.name });
      needs.push(provider);
    }
    for (const id of Object.values(module.optional)) {
      const provider = providers.get(id);
      if (provider) needs.push(provider);
    }
    after.set(module, needs);
  }

  const ordered: CoreModule[] = [];
  const started = new Set<CoreModule>();
  while (ordered.length < modules.length) {
    const next = modules.find((m) => !started.has(m) && (after.get(m) ?? []).every((dep) => started.has(dep)));
    if (!next) return err({ kind: 'cycle', modules: findCycle(modules.filter((m) => !started.has(m)), after) });
    ordered.push(next);
    started.add(next);
  }
  return ok(ordered);
}

/** One cycle among modules that cannot start, by walking dependencies until a module repeats. */
function findCycle(blocked: readonly CoreModule[], after: ReadonlyMap<CoreModule, readonly CoreModule[]>): string[] {
  const blockedSet = new Set(blocked);
  const path: CoreModule[] = [];
  let current = blocked[0];
  while (current && !path.includes(current)) {
    path.push(current);
    current = (after.get(current) ?? []).find((dep) => blockedSet.has(dep));
  }
  if (!current) return path.map((m) => m.name);
  const loop = path.slice(path.indexOf(current));
  return [...loop, current].map((m) => m.name);
}
