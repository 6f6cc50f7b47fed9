import { describe, expect, it } from 'vitest';
import { describeUrlForMessage, withoutUrlCredentials } from './redact.js';

describe('Function: withoutUrlCredentials', () => {
  it('takes user and password out of every URL in a text', () => {
    // Act & Assess
    expect(
      withoutUrlCredentials(
        'connect to https://AKIA:s3cr3t@localhost:4566/ failed; see http://me@x.example/p',
      ),
    ).toBe('connect to https://localhost:4566/ failed; see http://x.example/p');
    expect(withoutUrlCredentials('https://localhost:4566/path?q=a@b')).toBe(
      'https://localhost:4566/path?q=a@b',
    );
  });
});

describe('Function: describeUrlForMessage', () => {
  it.each([
    ['ftp://me:s3cr3t@example.com', '"ftp://example.com"'],
    ['me:s3cr3t@example.com', '"example.com"'],
    ['localhost', '"localhost"'],
  ])('shows %s as %s', (value, shown) => {
    // Act & Assess
    expect(describeUrlForMessage(value)).toBe(shown);
  });
});
