// Why a listener could not bind, said the same way for every listen of the API port (node:http, the server workers' probe).
export function listenError(where: string, error: NodeJS.ErrnoException): Error {
  return new Error(
    error.code === 'EADDRINUSE'
      ? `Could not listen on ${where}: the address is in use (another process, perhaps another pg-data-api?)`
      : `Could not listen on ${where}: ${error.message}`,
  );
}
