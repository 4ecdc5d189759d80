/**
 * The product's public addresses, from one place: `repository.url` in package.json (npm derives `homepage` and
 * `bugs` from it, vsce its content links). Change the repository there and every docs link, SARIF
 * `informationUri` and schema `$id` follows.
 */
import { repository } from '../package.json';

/** https://github.com/OWNER/NAME, without `git+` or `.git`. */
export const REPOSITORY_URL = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Web address of a file in the repository's default branch, e.g. `docs/rules/<id>.md`. */
export function repositoryFileUrl(file: string): string {
  return `${REPOSITORY_URL}/blob/main/${file}`;
}
