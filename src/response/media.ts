// Content-Type of a response body, from the negotiated media (and raw output of scalar functions).
import type { AcceptedMedia } from '../request/types.ts';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function contentTypeFor(media: AcceptedMedia): string {
  const type = media.type === '*/*' ? 'application/json' : media.type;
  const nulls = media.stripNulls ? '; nulls=stripped' : '';
  if (type === 'text/csv') return 'text/csv; charset=utf-8';
  return type === 'application/json' && !nulls ? JSON_CONTENT_TYPE : `${type}${nulls}; charset=utf-8`;
}

/** Raw (text/plain or application/octet-stream) output of a scalar function. */
export const rawContentType = (media: AcceptedMedia): string => (media.type === 'text/plain' ? 'text/plain; charset=utf-8' : 'application/octet-stream');
