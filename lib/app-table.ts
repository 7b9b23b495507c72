import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { Env } from '../lambdas/core/env-names';

/** Name of the table's TTL attribute (epoch seconds). */
const TTL_ATTRIBUTE = 'ttl';

/** Properties of {@link AppTable}. */
export interface AppTableProps {
  /**
   * What happens to the table when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single DynamoDB table of the app (installations, OAuth states, token leases,
 * de-duplication records): partition key `pk` only, on demand, point-in-time recovery,
 * TTL on `ttl`, AWS-managed encryption.
 */
export class AppTable extends Construct {
  /** The table. */
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: AppTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** Sets `TABLE_NAME` and grants read and write of items. */
  public addReadWriter(fn: LambdaFunction): void {
    fn.addEnvironment(Env.TableName, this.table.tableName);
    this.table.grantReadWriteData(fn);
  }

  /** Sets `TABLE_NAME` and grants writes only (put, update, delete). */
  public addWriter(fn: LambdaFunction): void {
    fn.addEnvironment(Env.TableName, this.table.tableName);
    this.table.grantWriteData(fn);
  }
}
