import { describeError } from '../../lambdas/core/errors';

describe('describeError', () => {
  it("keeps name, message, code and Plane's status", () => {
    const error = Object.assign(new Error('nope'), { code: 'plane_api_error', planeStatus: 502, secretStuff: 'x' });
    expect(describeError(error)).toEqual({ name: 'Error', message: 'nope', code: 'plane_api_error', planeStatus: 502 });
  });

  it('describes a non-Error by its string', () => {
    expect(describeError('plain')).toEqual({ message: 'plain' });
  });
});
