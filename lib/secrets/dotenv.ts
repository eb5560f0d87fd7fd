/**
 * Parses a .env file the way `kubectl create secret --from-env-file` and most dotenv loaders
 * agree on: `KEY=VALUE` lines, `#` comments, blank lines, an optional `export ` prefix, and
 * one pair of matching quotes around a value removed.
 */
export function parseDotenv(text: string, file: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    // The line number only: the line itself may hold a secret.
    if (!m) throw new Error(`${file}:${index + 1}: not a KEY=VALUE line; allowed: KEY=VALUE, "# comment" or a blank line`);
    const quoted = /^(['"])(.*)\1$/.exec(m[2]);
    values.set(m[1], quoted ? quoted[2] : m[2]);
  });
  return values;
}
