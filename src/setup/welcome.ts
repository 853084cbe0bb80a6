// What `npm start` prints in demo mode: the URL and example requests that work as printed.
export function printWelcome(baseUrl: string, extra: string[] = []): void {
  const lines = [
    '',
    `pg-data-api is serving the demo database at ${baseUrl}`,
    '',
    'Try:',
    `  curl '${baseUrl}/projects?select=id,name,status&status=eq.open&order=id.desc'`,
    `  curl '${baseUrl}/tasks?select=title,done&done=is.false&limit=2'`,
    `  curl '${baseUrl}/projects?select=name,owner:users(name),tasks(title,done)&id=lte.2'`,
    `  curl '${baseUrl}/rpc/open_tasks?project_id=1'`,
    `  curl -I '${baseUrl}/users'`,
    `  curl '${baseUrl}/todos'          # Row-Level Security: anonymous sees no todos`,
    ...extra,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
