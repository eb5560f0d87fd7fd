import { parseImage } from '../util/image-reference';

/** A numeric user and group. */
export interface UserIds {
  readonly uid: number;
  readonly gid: number;
}

/** The official postgres images' `postgres` user: 70 on Alpine (the tag says so), 999 on Debian. */
export function postgresImageUser(image: string): UserIds {
  return /alpine/.test(parseImage(image).tag ?? '') ? { uid: 70, gid: 70 } : { uid: 999, gid: 999 };
}
