/** Without PostgreSQL, the end-to-end test says in one line how to start it (not dozens of failures). */
import { requirePostgres } from './helpers/postgres';

test('a PostgreSQL that does not answer is reported in one line naming how to start it', () => {
  let message = '';
  try {
    requirePostgres('postgresql://nobody:nothing@127.0.0.1:1/postgres');
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/^PostgreSQL is not reachable at 127\.0\.0\.1:1 \(.+\): start it with `bash \.ci\/postgres` \(Debian's postgresql; \.ci\/run does this\)$/);
  expect(message).not.toContain('\n');
  expect(message).not.toContain('nothing'); // the password is not echoed
});
