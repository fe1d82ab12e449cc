/**
 * One segment of a request's path (an org id, a contact id): empty, "." and ".." would change the path itself
 * (…/contact//…, …/contact/../…), so they are never usable, wherever the value comes from: a flag, a cell, an answer.
 */
export function isUsablePathSegment(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..';
}
