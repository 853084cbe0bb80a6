// Builds a loopback connection URI for the embedded cluster.
export default function postgresUri(port: number, user: string, password: string, database = 'postgres'): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}
