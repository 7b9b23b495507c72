import { pointSdkAt } from '../../lambdas/local/stand-ins';

/**
 * Points the AWS SDK at local stand-ins through the environment, as local mode does, and
 * returns a function that restores the previous values.
 */
export const useLocalAws = pointSdkAt;
