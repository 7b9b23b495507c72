import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AppMetricName, appMetric } from './app-metrics';
import type { MonitoredResources } from './monitored-resources';
import { dashboardWidgets } from './monitoring-dashboard';

/** Properties of {@link Monitoring}: the resources it watches, and how. */
export interface MonitoringProps extends MonitoredResources {
  /**
   * E-mail address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Invalid-signature rejections within 5 minutes that raise the alarm.
   * @default 20
   */
  readonly signatureRejectionThreshold?: number;
  /**
   * Hours without an accepted webhook before the silence alarm fires (1 to 168).
   * @default 24
   */
  readonly silenceHours?: number;
  /**
   * Name of the CloudWatch dashboard.
   * @default `PlaneApp-${stage}`
   */
  readonly dashboardName?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms, their SNS topic and a CloudWatch dashboard for one stage of the app. Every alarm
 * notifies the topic when it fires and when it recovers.
 */
export class Monitoring extends Construct {
  /** Receives every alarm and recovery notification. */
  public readonly alarmTopic: Topic;
  /** The stage's dashboard. */
  public readonly dashboard: Dashboard;
  /** An event failed `maxReceiveCount` times and sits in the dead-letter queue. */
  public readonly deadLetterQueueAlarm: Alarm;
  /** The oldest queued event waited more than 5 minutes: the processor is stuck or retrying. */
  public readonly queueAgeAlarm: Alarm;
  /** The HTTP API answered 5xx (ingest could not enqueue, or a function failed). */
  public readonly api5xxAlarm: Alarm;
  /** A surge of webhooks with invalid signatures: a wrong secret, or someone probing. */
  public readonly signatureRejectionAlarm: Alarm;
  /** An OAuth token grant failed: installs or token renewals are broken. */
  public readonly tokenGrantFailureAlarm: Alarm;
  /** Events of a workspace that must reinstall the app are being parked (failed until the DLQ). */
  public readonly reinstallNeededAlarm: Alarm;
  /** The processor crashed or timed out (whole-batch failures). */
  public readonly processorErrorAlarm: Alarm;
  /** No webhook accepted for `silenceHours`: Plane stopped sending, or ingest rejects all. */
  public readonly silenceAlarm: Alarm;
  /** SQS refused webhooks: they are kept in the payload bucket until the sweeper re-enqueues them. */
  public readonly overflowAlarm: Alarm;
  /** The sweeper failed: kept webhooks wait in the bucket. */
  public readonly sweepFailureAlarm: Alarm;
  /** A webhook over MAX_BODY_BYTES was answered 413: that event is lost. */
  public readonly oversizedWebhookAlarm: Alarm;
  /** All alarms above. */
  public readonly alarms: readonly Alarm[];

  private readonly stage: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.stage = props.stage;
    // No KMS key: alarm notifications carry no sensitive data, and CloudWatch alarms cannot
    // publish to a topic encrypted with the AWS-managed SNS key.
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `Plane app ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    // SQS stops publishing metrics for a queue idle for 6 hours; IGNORE keeps the alarm raised
    // while a parked message sits untouched instead of letting it fall back to OK.
    this.deadLetterQueueAlarm = this.alarm('DeadLetterQueueNotEmpty', {
      description: 'Events are parked in the dead-letter queue: inspect them, fix the cause, then redrive.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.IGNORE,
    });
    this.queueAgeAlarm = this.alarm('QueueOldestMessageAge', {
      description: 'The oldest event waited more than 5 minutes: the processor is failing, throttled or stuck.',
      metric: props.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      threshold: 300,
      operator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING, // an idle queue publishes nothing: nothing is old
    });
    this.api5xxAlarm = this.alarm('Api5xx', {
      description: 'The HTTP API answered 5xx: Plane does not retry, so webhooks may be lost. Check the ingest logs.',
      metric: props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING, // no traffic, no errors
    });
    this.signatureRejectionAlarm = this.alarm('SignatureRejections', {
      description: 'Many webhooks failed signature verification: the webhook secret is wrong or someone is probing.',
      metric: appMetric(this.stage, AppMetricName.WebhookRejected, { Reason: 'invalid_signature' }),
      threshold: props.signatureRejectionThreshold ?? 20,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING, // EMF metrics exist only when emitted
    });
    this.tokenGrantFailureAlarm = this.alarm('TokenGrantFailures', {
      description: 'An OAuth token grant failed: check the client id and client secret.',
      metric: appMetric(this.stage, AppMetricName.TokenGrantFailed),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING,
    });
    this.reinstallNeededAlarm = this.alarm('ReinstallNeeded', {
      description:
        "Plane refused a workspace's bot token twice: its events are parked. Have it reinstall the app, then redrive.",
      metric: appMetric(this.stage, AppMetricName.EventParked, { Reason: 'reinstall_needed' }),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING, // EMF metrics exist only when emitted
    });
    // Function Errors, not EventFailed: a failing event is retried alone and ends in the DLQ
    // (alarmed above); Errors means the whole batch failed (crash, timeout, bad deploy).
    this.processorErrorAlarm = this.alarm('ProcessorErrors', {
      description: 'The processor crashed or timed out: whole batches are being retried.',
      metric: props.processorFunction.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING,
    });
    const silenceHours = props.silenceHours ?? 24;
    this.silenceAlarm = this.alarm('Silence', {
      description: `No webhook accepted for ${silenceHours} h: check the webhook URL and secret in Plane.`,
      metric: appMetric(this.stage, AppMetricName.WebhookAccepted, {}, { period: Duration.hours(1) }),
      threshold: 1,
      operator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: silenceHours,
      missing: TreatMissingData.BREACHING, // silence is exactly the absence of data
    });
    this.overflowAlarm = this.alarm('WebhooksOverflowed', {
      description:
        'SQS refused webhooks; they are kept in the payload bucket (undelivered/) and re-enqueued by the ' +
        'sweeper every minute. Check SQS health and the ingest logs.',
      metric: appMetric(this.stage, AppMetricName.WebhookOverflowed),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING,
    });
    // Failures the sweeper counts (an object it could not move), and runs that crashed or timed out.
    this.sweepFailureAlarm = this.alarm('SweepFailures', {
      description: 'The sweeper could not re-enqueue kept webhooks; they stay in the payload bucket. Check its logs.',
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(errors, 0)',
        usingMetrics: {
          failed: appMetric(this.stage, AppMetricName.OverflowSweepFailed),
          errors: props.sweeperFunction.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: 'sweep failures',
      }),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING,
    });
    this.oversizedWebhookAlarm = this.alarm('OversizedWebhooks', {
      description:
        'A webhook over MAX_BODY_BYTES was answered 413; Plane does not resend it. See the ingest log for its size.',
      metric: appMetric(this.stage, AppMetricName.WebhookRejected, { Reason: 'payload_too_large' }),
      threshold: 1,
      operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [
      this.deadLetterQueueAlarm,
      this.queueAgeAlarm,
      this.api5xxAlarm,
      this.signatureRejectionAlarm,
      this.tokenGrantFailureAlarm,
      this.reinstallNeededAlarm,
      this.processorErrorAlarm,
      this.silenceAlarm,
      this.overflowAlarm,
      this.sweepFailureAlarm,
      this.oversizedWebhookAlarm,
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? `PlaneApp-${props.stage}`,
      widgets: dashboardWidgets({ ...props, alarms: this.alarms }),
    });
  }

  private alarm(
    id: string,
    spec: {
      description: string;
      metric: IMetric;
      threshold: number;
      operator: ComparisonOperator;
      missing: TreatMissingData;
      evaluationPeriods?: number;
    },
  ): Alarm {
    const periods = spec.evaluationPeriods ?? 1;
    const alarm = new Alarm(this, id, {
      alarmName: `PlaneApp-${this.stage}-${id}`,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.operator,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      treatMissingData: spec.missing,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
