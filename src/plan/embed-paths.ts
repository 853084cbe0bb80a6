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
