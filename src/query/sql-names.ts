// Every SQL name the builder mints (relation aliases, lateral joins, CTEs): the planner hands numbers, query/ names them.

/** The alias of read node `id` (the root is 0; embeds are numbered in planning order). */
export const relationAlias = (id: number): string => `pgrst_${id}`;
/** The lateral subquery of embed `id`. */
export const embedJoinAlias = (id: number): string => `pgrst_agg_${id}`;
/** The junction table of many-to-many embed `id`. */
export const junctionAlias = (id: number): string => `pgrst_junction_${id}`;
/** The rows a to-many embed `id` aggregates. */
export const embedRowsAlias = (id: number): string => `pgrst_rows_${id}`;

/** The page of a read, a call or a write's returned rows; the body aggregates it as `_pgrst_t`. */
export const SOURCE_CTE = 'pgrst_source';
/** A function's result rows. */
export const CALL_CTE = 'pgrst_call';
/** A write's RETURNING rows when inserted rows are tracked (pgrst_source then projects them). */
export const MUTATION_CTE = 'pgrst_mutation';

/** The CTE a read node's rows come from, when not its table. */
export const sourceCte = (source: 'call' | 'mutation'): string => (source === 'call' ? CALL_CTE : SOURCE_CTE);
