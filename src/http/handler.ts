// What every engine serves: a RawRequest in, an HttpResponse out.
import type { HttpResponse } from '../response/http-response.ts';
import type { RawRequest } from './raw-request.ts';

export type Handler = (raw: RawRequest) => Promise<HttpResponse>;
