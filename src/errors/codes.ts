// Single catalogue of PGRST error codes: code → HTTP status + default message (PostgREST v12/v13).
// Retired or deliberately unused codes stay here as comments so they are never reused.

export const ERROR_CATALOGUE = {
  // Group 0: connection
  PGRST000: { status: 503, message: 'Database connection error. Retrying the connection.' },
  PGRST001: { status: 503, message: 'Database client error. Retrying the connection.' },
  PGRST002: { status: 503, message: 'Could not query the database for the schema cache. Retrying.' },
  PGRST003: { status: 504, message: 'Timed out acquiring connection from connection pool.' },

  // Group 1: API request
  PGRST100: { status: 400, message: 'Parsing error in the query string parameter' },
  PGRST101: { status: 405, message: 'Only GET and POST verbs are allowed for functions' },
  PGRST102: { status: 400, message: 'Invalid request body' },
  PGRST103: { status: 416, message: 'Requested range not satisfiable' },
  // PGRST104: retired in PostgREST (invalid filter operator); not reused.
  PGRST105: { status: 405, message: "Filters must include all and only primary key columns with 'eq' operators" },
  PGRST106: { status: 406, message: 'Invalid schema' },
  PGRST107: { status: 406, message: 'None of these media types are available' },
  PGRST108: { status: 400, message: 'Cannot apply filter because the resource is not embedded' },
  // PGRST109, PGRST110: limited update/delete errors of older PostgREST versions; not used, not reused.
  PGRST111: { status: 500, message: 'response.headers guc must be a JSON array composed of objects with a single key and a string value' },
  PGRST112: { status: 500, message: 'response.status guc must be a valid status code' },
  PGRST113: { status: 406, message: 'More than one column was returned for a scalar result' },
  PGRST114: { status: 400, message: 'limit/offset querystring parameters are not allowed for PUT' },
  PGRST115: { status: 400, message: 'Payload values do not match URL in primary key column(s)' },
  PGRST116: { status: 406, message: 'Cannot coerce the result to a single JSON object' },
  PGRST117: { status: 405, message: 'Unsupported HTTP method' },
  PGRST118: { status: 400, message: 'A related order on an embedded resource requires a to-one relationship' },
  // PGRST119: retired in PostgREST; not reused.
  PGRST120: { status: 400, message: 'Bad operator on the embedded resource' },
  PGRST121: { status: 500, message: 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error' },
  PGRST122: { status: 400, message: 'Invalid preferences given with handling=strict' },
  PGRST123: { status: 400, message: 'Use of aggregate functions is not allowed' },
  PGRST124: { status: 400, message: 'Query result exceeds max-affected preference constraint' },
  PGRST125: { status: 404, message: 'Invalid path specified in request URL' },
  PGRST126: { status: 404, message: 'Root endpoint metadata is disabled' },
  PGRST127: { status: 400, message: 'Feature not implemented' },

  // Group 2: schema cache
  PGRST200: { status: 400, message: 'Could not find a relationship in the schema cache' },
  PGRST201: { status: 300, message: 'Could not embed because more than one relationship was found' },
  PGRST202: { status: 404, message: 'Could not find the function in the schema cache' },
  PGRST203: { status: 300, message: 'Could not choose the best candidate function' },
  PGRST204: { status: 400, message: 'Could not find the column in the schema cache' },
  PGRST205: { status: 404, message: 'Could not find the table in the schema cache' },

  // Group 3: JWT
  PGRST300: { status: 500, message: 'Server lacks JWT secret' },
  PGRST301: { status: 401, message: 'JWT could not be decoded' },
  PGRST302: { status: 401, message: 'No authorization header was sent and anonymous access is disabled' },
  PGRST303: { status: 401, message: 'JWT claims validation failed' },

  // Group X: internal
  PGRSTX00: { status: 500, message: 'Internal server error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
