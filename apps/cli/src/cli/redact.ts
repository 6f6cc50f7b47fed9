/** `scheme://user:password@` anywhere in a text. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi;

/**
 * The text with the user information (`user:password@`) taken out of every URL in it, so that an
 * `--endpoint-url` carrying credentials is never printed whole.
 *
 * @example
 * ```ts
 * withoutUrlCredentials('https://AKIA:secret@localhost:4566/'); // 'https://localhost:4566/'
 * ```
 */
export function withoutUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1');
}

/**
 * How a value given as a URL is shown in a message: without its user information, whether or
 * not it parses (`user:secret@host` has no scheme and loses `user:secret@` all the same).
 *
 * @example
 * ```ts
 * describeUrlForMessage('ftp://me:pw@example.com'); // '"ftp://example.com"'
 * ```
 */
export function describeUrlForMessage(value: string): string {
  const withScheme = withoutUrlCredentials(value);
  const bare = withScheme === value ? value.replace(/^[^/?#@\s]+@/, '') : withScheme;
  return JSON.stringify(bare);
}
