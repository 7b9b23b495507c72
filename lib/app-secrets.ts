import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Env } from '../lambdas/core/env-names';

/** Properties of {@link AppSecrets}. */
export interface AppSecretsProps {
  /**
   * What happens to the secrets when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The two secrets Plane issues to the app, kept apart so the ingest function can read the
 * webhook secret and nothing else. Both start with a random placeholder, so nothing validates
 * until the operator stores the real value (there is no well-known default).
 */
export class AppSecrets extends Construct {
  /** Webhook signing secret(s); several, separated by whitespace, while rotating. */
  public readonly webhookSecret: Secret;
  /** The OAuth client secret. */
  public readonly clientSecret: Secret;

  constructor(scope: Construct, id: string, props: AppSecretsProps = {}) {
    super(scope, id);
    this.webhookSecret = this.placeholder(
      'WebhookSecret',
      "Plane app webhook secret: replace with the value from the app's settings in Plane " +
        '(several values separated by whitespace while rotating).',
      props,
    );
    this.clientSecret = this.placeholder(
      'ClientSecret',
      "Plane app OAuth client secret: replace with the value from the app's settings in Plane.",
      props,
    );
  }

  /** Sets `WEBHOOK_SECRET_ARN` and grants reading the webhook secret. */
  public addWebhookSecretReader(fn: LambdaFunction): void {
    fn.addEnvironment(Env.WebhookSecretArn, this.webhookSecret.secretArn);
    this.webhookSecret.grantRead(fn);
  }

  /** Sets `CLIENT_SECRET_ARN` and grants reading the OAuth client secret. */
  public addClientSecretReader(fn: LambdaFunction): void {
    fn.addEnvironment(Env.ClientSecretArn, this.clientSecret.secretArn);
    this.clientSecret.grantRead(fn);
  }

  private placeholder(id: string, description: string, props: AppSecretsProps): Secret {
    const secret = new Secret(this, id, {
      description,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Plane issues this secret; it is rotated in Plane and then stored here by the operator, so ' +
        'Secrets Manager rotation cannot apply.',
    });
    return secret;
  }
}
