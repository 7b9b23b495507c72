import { missingCredentials, parseClientSecret } from '../../lambdas/core/client-credentials';
import { ConfigError } from '../../lambdas/core/errors';

const secretName = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ClientSecret-abc';
const secretValue = 'EXAMPLE-client-secret-0123456789';

describe('parseClientSecret', () => {
  test('the JSON form gives the client id and the client secret', () => {
    const value = JSON.stringify({ client_id: 'EXAMPLE-client-id', client_secret: secretValue });
    expect(parseClientSecret(value, { secretName, fallbackClientId: 'from-stage' })).toEqual({
      clientId: 'EXAMPLE-client-id',
      clientSecret: secretValue,
    });
  });

  test('a plain string is the client secret alone, with the client id from planeClientId', () => {
    expect(parseClientSecret(` ${secretValue}\n`, { secretName, fallbackClientId: 'from-stage' })).toEqual({
      clientId: 'from-stage',
      clientSecret: secretValue,
    });
  });

  test('a plain string without planeClientId leaves the client id empty (reported as missing)', () => {
    expect(parseClientSecret(secretValue, { secretName })).toEqual({ clientId: '', clientSecret: secretValue });
  });

  test('JSON without client_id falls back to planeClientId', () => {
    const value = JSON.stringify({ client_secret: secretValue });
    expect(parseClientSecret(value, { secretName, fallbackClientId: 'from-stage' }).clientId).toBe('from-stage');
  });

  test('malformed JSON is a ConfigError naming the secret and the fix, never its value', () => {
    const value = `{"client_id": "EXAMPLE-client-id", "client_secret": "${secretValue}"`;
    let error: unknown;
    try {
      parseClientSecret(value, { secretName });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(secretName);
    expect(message).toContain('not valid JSON');
    expect(message).toContain('npm run configure');
    expect(message).not.toContain(secretValue);
    expect(message).not.toContain('EXAMPLE-client-id');
  });

  test.each([
    ['no client_secret', { client_id: 'EXAMPLE-client-id' }, 'has no "client_secret" string'],
    ['an empty client_secret', { client_id: 'EXAMPLE-client-id', client_secret: ' ' }, 'has no "client_secret"'],
    ['a client_id that is not a string', { client_id: 42, client_secret: secretValue }, '"client_id" that is not'],
    ['a client_secret that is a number', { client_id: 'EXAMPLE-client-id', client_secret: 7 }, 'no "client_secret"'],
  ])('JSON with %s is a ConfigError naming the field', (_, value, text) => {
    expect(() => parseClientSecret(JSON.stringify(value), { secretName })).toThrow(text);
    expect(() => parseClientSecret(JSON.stringify(value), { secretName })).not.toThrow(secretValue);
  });
});

describe('missingCredentials', () => {
  test('nothing missing', () => {
    expect(missingCredentials({ clientId: 'id', clientSecret: 'secret' }, 'dev')).toBeUndefined();
  });

  test('a secret without a client id: names both and the configure command for the stage', () => {
    expect(missingCredentials({ clientId: '', clientSecret: 'placeholder' }, 'dev')).toBe(
      'The client id is not set: run `npm run configure -- --stage dev` and paste the values Plane shows in ' +
        "the app's settings.",
    );
    expect(missingCredentials({ clientId: '', clientSecret: '' }, 'prod')).toContain(
      'client id and client secret are not set: run `npm run configure -- --stage prod`',
    );
  });
});
