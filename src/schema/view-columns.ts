// View column origins: reads a view's stored query tree (pg_rewrite.ev_action) to map its columns to source columns.
// pg-introspection does not expose this; PostgREST reads the same facts (`resorigtbl`/`resorigcol`).

/** One view column that is a plain reference to a column of another relation. */
export interface ViewColumnOrigin {
  /** attnum of the view column. */
  viewColumn: number;
  /** OID (as text) of the relation the column comes from (a table or another view). */
  sourceOid: string;
  /** attnum of the source column. */
  sourceColumn: number;
}

type NodeValue = string | NodeValue[] | TreeNode | null;
interface TreeNode {
  type: string;
  fields: Map<string, NodeValue>;
}

/**
 * Parses the text form of a pg_node_tree (as `outfuncs.c` writes it) into nodes, lists and atoms.
 * Only the structure is needed; atoms stay strings.
 */
export function parseNodeTree(text: string): NodeValue {
  let pos = 0;
  const skipBlanks = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const atom = (): string => {
    let out = '';
    while (pos < text.length) {
      const ch = text[pos]!;
      if (ch === '\\' && pos + 1 < text.length) {
        out += text[pos + 1];
        pos += 2;
        continue;
      }
      if (/\s/.test(ch) || ch === '(' || ch === ')' || ch === '{' || ch === '}') break;
      out += ch;
      pos++;
    }
    return out;
  };
  const value = (): NodeValue => {
    skipBlanks();
    const ch = text[pos];
    if (ch === '(') {
      pos++;
      const items: NodeValue[] = [];
      for (;;) {
        skipBlanks();
        if (pos >= text.length) return items;
        if (text[pos] === ')') {
          pos++;
          return items;
        }
        items.push(value());
      }
    }
    if (ch === '{') {
      pos++;
      const type = atom();
      const fields = new Map<string, NodeValue>();
      for (;;) {
        skipBlanks();
        if (pos >= text.length) break;
        if (text[pos] === '}') {
          pos++;
          break;
        }
        if (text[pos] === ':') {
          const name = atom().slice(1);
          skipBlanks();
          // A field holds one value; extra tokens (e.g. a Const's `4 [ 1 0 … ]`) are skipped.
          const first = text[pos] === ':' || text[pos] === '}' ? null : value();
          for (;;) {
            skipBlanks();
            if (pos >= text.length || text[pos] === ':' || text[pos] === '}') break;
            value();
          }
          fields.set(name, first);
        } else value();
      }
      return { type, fields };
    }
    if (ch === '[') {
      const end = text.indexOf(']', pos);
      pos = end === -1 ? text.length : end + 1;
      return null;
    }
    const token = atom();
    if (token === '') {
      pos++; // a stray delimiter; never produced by Postgres, but never loop forever
      return null;
    }
    return token === '<>' ? null : token;
  };
  return value();
}

const isNode = (v: NodeValue | undefined): v is TreeNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The plain column references of a view's top-level SELECT list (set operations have none). */
export function viewColumnOrigins(evAction: string): ViewColumnOrigin[] {
  const tree = parseNodeTree(evAction);
  const query = Array.isArray(tree) ? tree[0] : tree;
  if (query === undefined || !isNode(query) || query.type !== 'QUERY') return [];
  if (query.fields.get('setOperations')) return [];
  const targets = query.fields.get('targetList');
  if (!Array.isArray(targets)) return [];
  const origins: ViewColumnOrigin[] = [];
  for (const entry of targets) {
    if (!isNode(entry) || entry.type !== 'TARGETENTRY') continue;
    if (entry.fields.get('resjunk') === 'true') continue;
    const table = entry.fields.get('resorigtbl');
    const column = Number(entry.fields.get('resorigcol'));
    const resno = Number(entry.fields.get('resno'));
    // Only a bare column reference (a Var) keeps the source column's values.
    const expr = entry.fields.get('expr');
    if (!isNode(expr) || expr.type !== 'VAR') continue;
    if (typeof table !== 'string' || table === '0' || !column || !resno) continue;
    origins.push({ viewColumn: resno, sourceOid: table, sourceColumn: column });
  }
  return origins;
}
