// Needs: cluster
/**
 * The unknown-field check reads lib/checks/api-fields/fields.json; it must be the field tree of
 * the server the tests run against, read the way `npm run gen:api-fields` reads it.
 */
import { API_GROUP_VERSIONS, apiFieldsFrom } from '../../lib/checks/api-fields/openapi-fields';
import { kubectlOk } from '../support/cluster';

test('fields.json is the test cluster\'s own field tree (regenerate with npm run gen:api-fields)', () => {
  const raw = (url: string) => JSON.parse(kubectlOk(['get', '--raw', url]));
  const live = apiFieldsFrom(API_GROUP_VERSIONS.map((gv) => raw(`/openapi/v3/${gv}`)), raw('/version').gitVersion);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const committed = require('../../lib/checks/api-fields/fields.json');
  expect(committed.serverVersion).toBe(live.serverVersion);
  expect(committed.kinds).toEqual(live.kinds);
  expect(committed.types).toEqual(live.types);
  expect(Object.keys(committed.types).length).toBeGreaterThan(100);
});
