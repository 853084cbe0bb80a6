// HttpResponse: what app.handle returns and the transport writes; body stays text/bytes end to end.

export interface HttpResponse {
  status: number;
  /** Header pairs; a name may repeat (Set-Cookie, custom response.headers). */
  headers: Array<[string, string]>;
  /** null for HEAD and for responses without a body. */
  body: string | Buffer | null;
}
