// RawRequest is the request stage's input, defined in request/ so no stage imports http/; re-exported for the engines.
export type { RawRequest } from '../request/raw-request.ts';
