import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  type FunctionProps,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Env } from '../lambdas/core/env-names';
import { SERVICE_NAME } from '../lambdas/core/logger';
import { METRICS_NAMESPACE } from '../lambdas/core/metrics';
import { splitBundleCode } from './split-bundle';

/** The runtime of every function: the newest Node.js this aws-cdk-lib knows. */
const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/**
 * Lambda's advanced logging controls. JSON format: the functions write JSON lines already, which
 * Lambda passes on as they are. Application lines from INFO: Lambda hands the level to the
 * functions (AWS_LAMBDA_LOG_LEVEL), whose loggers follow it, so raising it to DEBUG shows the
 * details; lines without a level, like EMF's, count as INFO, so it must stay at INFO or below, or
 * the metrics go too. System lines from WARN: Lambda's own
 * START / END / REPORT lines (INFO) are left out, about 300 B per invocation; durations, errors,
 * timeouts and throttles remain in the function's CloudWatch metrics (and its alarms). (Exported
 * for `npm run bench`, which prices the START / END / REPORT lines only if they are let through.)
 */
export const FUNCTION_LOGGING = {
  loggingFormat: LoggingFormat.JSON,
  applicationLogLevelV2: ApplicationLogLevel.INFO,
  systemLogLevelV2: SystemLogLevel.WARN,
} as const;

/** esbuild target: the bundles must also load on Node 20 (local mode, CI). */
const BUNDLE_TARGET = 'node20';

/** Properties of a {@link PlaneFunction}. */
export interface PlaneFunctionProps {
  /** Path of the handler file (exports `handler`). */
  readonly entry: string;
  /** Stage name, passed to the function as `STAGE`. */
  readonly stage: string;
  /** Maximum run time of one invocation. */
  readonly timeout: Duration;
  /**
   * Memory in MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Retention of the function's log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Extra environment variables (never secret values: pass ARNs).
   * @default - only the house defaults
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Description of the function.
   * @default - none
   */
  readonly description?: string;
  /**
   * Bundle as ES modules with code splitting (lib/split-bundle.ts): each dynamic `import()` of the
   * code becomes a file loaded only when it runs. Ingest uses it to keep the S3 client off its
   * common path.
   * @default false (one CommonJS file, as NodejsFunction builds it)
   */
  readonly splitChunks?: boolean;
}

/**
 * A Node.js Lambda function with the kit's house defaults: arm64, the newest Node.js runtime,
 * bundled by the local esbuild (minified, AWS SDK included, no source maps; one CommonJS file, or
 * ES modules split in chunks with `splitChunks`), its own log group with a retention, JSON logs
 * without Lambda's per-invocation lines (FUNCTION_LOGGING), and a role that may only write to that
 * log group.
 */
export class PlaneFunction extends Construct {
  /** The Lambda function. */
  public readonly lambdaFunction: LambdaFunction;
  /** The function's log group. */
  public readonly logGroup: LogGroup;
  /** The execution role: log writing only until grants are added. */
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: PlaneFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: logs go to this one group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(this.role);

    const common: Omit<FunctionProps, 'code' | 'handler'> = {
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      ...FUNCTION_LOGGING,
      environment: {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        [Env.ServiceName]: SERVICE_NAME,
        [Env.LogLevel]: 'INFO',
        [Env.MetricsNamespace]: METRICS_NAMESPACE,
        [Env.Stage]: props.stage,
        ...props.environment,
      },
    };
    this.lambdaFunction = props.splitChunks
      ? new LambdaFunction(this, 'Function', {
          ...common,
          code: splitBundleCode(props.entry),
          handler: 'index.handler',
        })
      : new NodejsFunction(this, 'Function', {
          ...common,
          entry: props.entry,
          handler: 'handler',
          bundling: {
            minify: true,
            sourceMap: false,
            sourcesContent: false,
            bundleAwsSDK: true,
            format: OutputFormat.CJS,
            target: BUNDLE_TARGET,
            forceDockerBundling: false,
          },
        });
  }
}
