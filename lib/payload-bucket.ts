import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BucketPrefix } from '../lambdas/core/bucket-layout';
import { Env } from '../lambdas/core/env-names';

/** Properties of {@link PayloadBucket}. */
export interface PayloadBucketProps {
  /**
   * How long an object is kept. Must outlast every message that may point at it: the event queue's
   * retention plus the dead-letter queue's (a parked claim check is redriven from there).
   */
  readonly expiration: Duration;
  /**
   * What happens to the bucket when the stack is deleted. A bucket that still holds objects is not
   * deleted (CloudFormation refuses): empty it first, or let the lifecycle rule do it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The app's private payload bucket: webhook bodies too large for a queue message (`large/`, claim
 * checks) and verified webhooks the queue refused (`undelivered/`, until the sweeper re-enqueues
 * them). S3-managed encryption, TLS only, no public access, objects owned by the bucket, and a
 * lifecycle rule that deletes objects once no message can point at them.
 */
export class PayloadBucket extends Construct {
  /** The bucket. */
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: PayloadBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: 'ExpirePayloads', expiration: props.expiration, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket only holds webhook bodies on their way to the processor, written and read by the ' +
        "stack's own functions (whose logs record each event); server access logs would need a second bucket.",
    });
  }

  /** Ingest: sets `PAYLOAD_BUCKET` and grants s3:PutObject on `large/` and `undelivered/` only. */
  public addIngestWriter(fn: LambdaFunction): void {
    this.grant(fn, ['s3:PutObject'], [BucketPrefix.Claims, BucketPrefix.Undelivered]);
  }

  /** Processor: sets `PAYLOAD_BUCKET` and grants s3:GetObject on `large/` only. */
  public addClaimReader(fn: LambdaFunction): void {
    this.grant(fn, ['s3:GetObject'], [BucketPrefix.Claims]);
  }

  /**
   * Sweeper: sets `PAYLOAD_BUCKET` and grants listing `undelivered/`, reading and deleting objects
   * there, and s3:PutObject on `large/` (a large kept body is re-enqueued by claim check).
   */
  public addSweeper(fn: LambdaFunction): void {
    this.grant(fn, ['s3:GetObject', 's3:DeleteObject'], [BucketPrefix.Undelivered]);
    this.grant(fn, ['s3:PutObject'], [BucketPrefix.Claims]);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': `${BucketPrefix.Undelivered}*` } },
      }),
    );
  }

  private grant(fn: LambdaFunction, actions: string[], prefixes: string[]): void {
    fn.addEnvironment(Env.PayloadBucket, this.bucket.bucketName);
    fn.addToRolePolicy(
      new PolicyStatement({ actions, resources: prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)) }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    for (const prefix of prefixes) {
      Validations.of(fn.role ?? fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason:
          `Object keys are content hashes, unknown until a webhook arrives: the grant covers the ${prefix} ` +
          'prefix of the payload bucket and nothing else.',
      });
    }
  }
}
