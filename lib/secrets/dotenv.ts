/**
 * Parses a .env file exactly as `kubectl create secret --from-env-file` does (kubectl's
 * env_file.go), so `npm run secret` and README's kubectl command give byte-identical Secrets:
 * leading whitespace is trimmed, `#` lines and blank lines are skipped, the line is split at the
 * first `=`, and the value is kept as it is: quotes and trailing spaces included.
 */
export function parseDotenv(text: string, file: string): Map<string, string> {
  const values = new Map<string, string>();
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq >= 0 ? line.slice(0, eq) : line;
    // Messages name the line and the key, never the value: it may be a secret.
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
      throw new Error(`${file}:${index + 1}: "${key.slice(0, 40)}" is not a valid key; allowed: KEY=VALUE with a key of letters, digits, "-", "_" and "." (no "export ")`);
    }
    if (eq < 0) {
      throw new Error(`${file}:${index + 1}: ${key} has no "="; kubectl would take its value from your shell's environment. Write ${key}=VALUE`);
    }
    values.set(key, line.slice(eq + 1));
  });
  return values;
}
