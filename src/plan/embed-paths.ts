// Embed paths: which select items a path (`tasks.tags`) names, and PGRST108 for modifiers on embeds not selected.
import type { ApiRequest, EmbedPath, SelectItem } from '../request/types.ts';
import { notEmbedded } from '../errors/request-errors.ts';

export type EmbedItem = SelectItem & { kind: 'embed' };

/** The name an embed is addressed by in filters, orders and limits: its alias, else its relation. */
export const pathName = (item: EmbedItem): string => item.alias ?? item.relation;

export const samePath = (a: EmbedPath, b: EmbedPath): boolean => a.length === b.length && a.every((p, i) => p === b[i]);

/** Throws PGRST108 unless every path used by a filter, logic tree, order or range names a selected embed. */
export function checkEmbedPaths(request: ApiRequest): void {
  const paths = [
    ...request.filters.map((f) => f.path),
    ...request.logic.map((l) => l.path),
    ...request.order.map((o) => o.path),
    ...request.ranges.map((r) => r.path),
  ];
  for (const path of paths) {
    let items: readonly SelectItem[] = request.select;
    for (const segment of path) {
      const embeds = items.filter((i): i is EmbedItem => i.kind === 'embed');
      const found = embeds.find((e) => pathName(e) === segment);
      if (found) {
        items = found.children;
        continue;
      }
      const aliased = embeds.find((e) => e.alias !== null && e.relation === segment);
      throw notEmbedded(segment, aliased?.alias ?? null);
    }
  }
}

/**
 * PostgREST (v13 and before) also accepts an aliased embed's relation name in filter, order and limit
 * keys (`the_tasks:tasks(…)&tasks.order=name`); later versions warn that this is deprecated. The
 * paths are rewritten to the alias, and the rewrites recorded for the Warning header. A relation
 * name shared by several aliased embeds stays ambiguous (PGRST108 from checkEmbedPaths).
 */
export function resolveTargetNames(request: ApiRequest): ApiRequest {
  const renamed = new Map<string, string>();
  const resolve = (path: EmbedPath): EmbedPath => {
    let items: readonly SelectItem[] = request.select;
    const out: string[] = [];
    for (const segment of path) {
      const embeds = items.filter((i): i is EmbedItem => i.kind === 'embed');
      const direct = embeds.find((e) => pathName(e) === segment);
      const aliased = embeds.filter((e) => e.alias !== null && e.relation === segment);
      const found: EmbedItem | undefined = direct ?? (aliased.length === 1 ? aliased[0] : undefined);
      if (found === undefined) return path;
      if (direct === undefined) renamed.set(segment, pathName(found));
      out.push(pathName(found));
      items = found.children;
    }
    return out;
  };
  const resolved: ApiRequest = {
    ...request,
    filters: request.filters.map((f) => ({ ...f, path: resolve(f.path) })),
    logic: request.logic.map((l) => ({ ...l, path: resolve(l.path) })),
    order: request.order.map((o) => ({ ...o, path: resolve(o.path) })),
    ranges: request.ranges.map((r) => ({ ...r, path: resolve(r.path) })),
  };
  return renamed.size === 0 ? request : { ...resolved, aliasedTargetNames: [...renamed] };
}
