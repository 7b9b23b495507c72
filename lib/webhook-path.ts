import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, Logging, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { Routes } from '../lambdas/core/routes';

/** Properties of {@link WebhookPath}. */
export interface WebhookPathProps {
  /**
   * The segment's version (stage setting `webhookPathVersion`). Raising it draws a new segment: the
   * old webhook URL stops working at the next deploy, so enter the new one in Plane.
   */
  readonly version: number;
  /** Retention of the generator function's log group. */
  readonly logRetention: RetentionDays;
  /** What happens to that log group when the stack is deleted. */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The webhook's path, `/webhook/<segment>`, with a random segment of 32 letters and digits drawn
 * once per stage at deploy time (Secrets Manager GetRandomPassword, through an AwsCustomResource),
 * so nobody can guess the route and flood it: requests to any other path get API Gateway's 404
 * without touching the webhook route's throttle, which would otherwise answer Plane with 429 (an
 * event lost: Plane treats every status as delivered). The segment is no secret from the operator:
 * it is in the stack outputs and the template's resolved values; the HMAC still authenticates.
 * Nothing is committed to the repository.
 */
export class WebhookPath extends Construct {
  /** The random segment (a CloudFormation token). */
  public readonly segment: string;
  /** `/webhook/<segment>`. */
  public readonly path: string;

  constructor(scope: Construct, id: string, props: WebhookPathProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'GeneratorLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: it writes to this one log group only.
    const role = new Role(this, 'GeneratorRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    // The version is part of the construct id: a new version is a new resource (CloudFormation
    // creates it and deletes the old one), and no update ever draws a new segment by accident.
    const generator = new AwsCustomResource(this, `Segment${props.version}`, {
      onCreate: {
        service: 'SecretsManager',
        action: 'getRandomPassword',
        parameters: { PasswordLength: 32, ExcludePunctuation: true, IncludeSpace: false },
        physicalResourceId: PhysicalResourceId.of(`webhook-path-v${props.version}`),
        outputPaths: ['RandomPassword'],
        logging: Logging.withDataHidden(),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    Validations.of(generator).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'secretsmanager:GetRandomPassword acts on no resource: IAM only accepts "*" for it.',
    });
    this.segment = generator.getResponseField('RandomPassword');
    this.path = `${Routes.Webhook}/${this.segment}`;
  }
}
