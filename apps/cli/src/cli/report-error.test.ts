import { AWSServiceError, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { captureStream } from '../../test/helpers/run-cli.js';
import { createLogger } from './logger.js';
import { reportError } from './report-error.js';

function logger(verbose = false) {
  const stream = captureStream();
  return { stream, log: createLogger(stream, (_colour, text) => text, verbose) };
}

describe('Function: reportError', () => {
  it('exits 2 for bad input and 1 for the other errors of the taxonomy, one line each', async () => {
    // Prepare
    const usage = logger();
    const failure = logger();

    // Act
    const usageCode = await reportError(
      new ValidationError('Invalid x', [{ path: 'a', message: 'b' }]),
      usage.log,
    );
    const failureCode = await reportError(
      new AWSServiceError('SSM GetParameter failed: boom', {
        service: 'SSM',
        operation: 'GetParameter',
        code: 'Boom',
        retryable: false,
      }),
      failure.log,
    );

    // Assess
    expect(usageCode).toBe(2);
    expect(usage.stream.text()).toBe('error: Invalid x: a: b\n');
    expect(failureCode).toBe(1);
    expect(failure.stream.text()).toBe('error: SSM GetParameter failed: boom\n');
  });

  it('says what an unreadable service answer was instead of the SDK parser message', async () => {
    // Prepare
    const { stream, log } = logger();
    const unreadable = Object.assign(new SyntaxError('Unexpected token \'<\', "<html>" is not valid JSON'), {
      $response: { statusCode: 502, headers: {} },
    });

    // Act
    const code = await reportError(unreadable, log);

    // Assess
    expect(code).toBe(1);
    expect(stream.text()).toBe(
      'error: AWS request failed: HTTP502: the service answered HTTP 502 with a body that is not an AWS response: something between the CLI and AWS (a proxy, a load balancer or --endpoint-url) failed; retry later\n',
    );
  });

  it('hints at --verbose for unexpected failures and never prints URL credentials', async () => {
    // Prepare
    const quiet = logger();
    const verbose = logger(true);
    const failure = new Error('fetch https://AKIA:s3cr3t@proxy.example/ failed', {
      cause: 'https://AKIA:s3cr3t@proxy.example/',
    });

    // Act
    await reportError(failure, quiet.log);
    await reportError(failure, verbose.log);

    // Assess
    expect(quiet.stream.text()).toBe(
      'error: unexpected failure: fetch https://proxy.example/ failed (run again with --verbose for details)\n',
    );
    expect(verbose.stream.text()).toContain('cause: https://proxy.example/');
    expect(verbose.stream.text()).not.toContain('s3cr3t');
  });
});
