/**
 * An image setting (`images.backend`, `kafka.image`, a service's image): repository, tag and
 * pull policy. Read by validate.ts's checkFields, validate-build.ts and validate-dapr.ts.
 */
import { FieldChecker } from '../field-checker';
import { IMAGE_REPOSITORY, IMAGE_TAG, MAX_REPOSITORY_LENGTH } from '../../util/image-reference';
import { ImageSettings } from './types';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

export function imageSettings(c: FieldChecker, field: string, i: ImageSettings | undefined): void {
  if (!c.mapping(field, i, 'a mapping with repository, tag and pullPolicy')) return;
  c.string(`${field}.repository`, i?.repository, (s) => s.length <= MAX_REPOSITORY_LENGTH && IMAGE_REPOSITORY.test(s),
    'an image repository without tag, such as "todo-backend" or "ghcr.io/acme/my-todo-backend": an optional registry host[:port]/, ' +
      'then lowercase path components joined by "/", each letters and digits separated by ".", "_", "__" or "-"');
  c.string(`${field}.tag`, i?.tag, (s) => IMAGE_TAG.test(s), 'a tag of at most 128 letters, digits, "_", "." and "-", not starting with "." or "-"');
  c.oneOf(`${field}.pullPolicy`, i?.pullPolicy, PULL_POLICIES);
}
