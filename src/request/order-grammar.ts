// The `order=` parameter: `col.desc.nullslast,rel(col).asc,data->a` → OrderTerm[].
import type { OrderTerm } from './types.ts';
import { Cursor, attempt } from './parse-cursor.ts';
import { parseField, parseFieldName } from './field-grammar.ts';

export function parseOrder(src: string): OrderTerm[] {
  const c = new Cursor(src, 'order');
  const terms: OrderTerm[] = [];
  do {
    terms.push(parseTerm(c));
  } while (c.eat(','));
  if (!c.done) c.fail(['","', 'end of input']);
  return terms;
}

function parseTerm(c: Cursor): OrderTerm {
  c.skipWs();
  // `rel(col)` orders by a column of a to-one embed; try it first since it starts like a field.
  const related = attempt(c, () => {
    const relation = parseFieldName(c);
    c.expect('(');
    const field = parseField(c);
    c.expect(')');
    return { relation, field };
  });
  const { relation, field } = related ?? { relation: null, field: parseField(c) };
  let direction: OrderTerm['direction'] = null;
  let nulls: OrderTerm['nulls'] = null;
  if (c.peek() === '.') {
    const at = c.pos + 1;
    if (c.eat('.asc')) direction = 'asc';
    else if (c.eat('.desc')) direction = 'desc';
    else if (c.eat('.nullsfirst')) nulls = 'first';
    else if (c.eat('.nullslast')) nulls = 'last';
    else c.fail(['"asc"', '"desc"', '"nullsfirst"', '"nullslast"'], at);
    if (direction !== null && c.peek() === '.') {
      if (c.eat('.nullsfirst')) nulls = 'first';
      else if (c.eat('.nullslast')) nulls = 'last';
      else c.fail(['"nullsfirst"', '"nullslast"'], c.pos + 1);
    }
  }
  c.skipWs();
  if (!c.done && c.peek() !== ',') c.fail(nulls === null ? ['delimiter (.)', '","', 'end of input'] : ['","', 'end of input']);
  return { relation, field, direction, nulls };
}
