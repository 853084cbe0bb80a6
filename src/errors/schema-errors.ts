// Errors the planner raises with the SQLSTATE PostgreSQL itself would give (42703, 42704), as PostgREST does.
import { ApiError } from './api-error.ts';

/** 42703: a column that the relation (or an embed's selection) does not have. */
export const undefinedColumn = (relation: string, column: string, hint: string | null): ApiError =>
  ApiError.fromDatabase('42703', { status: 400, message: `column ${relation}.${column} does not exist`, hint });

/** 42704: a cast to a type the schema cache does not know. */
export const undefinedType = (name: string): ApiError => ApiError.fromDatabase('42704', { status: 400, message: `type "${name}" does not exist` });
