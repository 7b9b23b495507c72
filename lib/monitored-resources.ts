import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/** The resources of one stage that its alarms and dashboard watch. */
export interface MonitoredResources {
  /** Stage name: the `Stage` dimension of the custom metrics. */
  readonly stage: string;
  /** The app's HTTP API. */
  readonly httpApi: IHttpApi;
  /** The webhook ingest function. */
  readonly ingestFunction: IFunction;
  /** The event processor function. */
  readonly processorFunction: IFunction;
  /** The function that re-enqueues the webhooks kept while SQS refused them. */
  readonly sweeperFunction: IFunction;
  /** The event queue. */
  readonly queue: IQueue;
  /** The dead-letter queue. */
  readonly deadLetterQueue: IQueue;
}
