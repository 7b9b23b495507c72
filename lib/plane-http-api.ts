import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Routes } from '../lambdas/core/routes';

/** Properties of {@link PlaneHttpApi}. */
export interface PlaneHttpApiProps {
  /** Receives `POST <webhookPath>`. */
  readonly ingestFunction: IFunction;
  /**
   * Path of the webhook route (see WebhookPath: a random segment keeps floods off it).
   * @default Routes.Webhook (`/webhook`)
   */
  readonly webhookPath?: string;
  /** Receives `GET /oauth/setup`. */
  readonly oauthSetupFunction: IFunction;
  /** Receives `GET /oauth/callback`. */
  readonly oauthCallbackFunction: IFunction;
  /**
   * Default route throttling of the `$default` stage.
   * @default - the account's limits only
   */
  readonly throttle?: ThrottleSettings;
  /**
   * Name of the API.
   * @default - the construct path
   */
  readonly apiName?: string;
  /**
   * Retention of the access log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the access log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * One short access-log line per request, fields apart by spaces: request id, source IP, status,
 * the route key in quotes, and the integration's latency in ms, e.g.
 * `Hx3kPgA1oAMEbXw= 203.0.113.9 200 "POST /webhook/k3J9…" 12`. CloudWatch Logs Insights reads it
 * with `parse @message '* * * "*" *' as requestId, ip, status, route, ms`. No path or query
 * string: the OAuth callback's query carries the authorization code and state. (Exported for
 * `npm run bench`, which prices one line: 85 B for a webhook, against 290 B as JSON with ten fields.)
 */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  [
    AccessLogField.contextRequestId(),
    AccessLogField.contextIdentitySourceIp(),
    AccessLogField.contextStatus(),
    `"${AccessLogField.contextRouteKey()}"`,
    AccessLogField.contextIntegrationLatency(),
  ].join(' '),
);

/**
 * The app's public HTTP API: three Lambda routes on an auto-deployed `$default` stage with
 * short access logs and default throttling. No CORS: only Plane and browsers following
 * redirects call it. The routes have no API Gateway authorizer by design: the webhook is
 * authenticated by its HMAC signature and the OAuth routes by the OAuth state, in code.
 */
export class PlaneHttpApi extends Construct {
  /** The HTTP API. */
  public readonly httpApi: HttpApi;
  /** The `$default` stage. */
  public readonly stage: HttpStage;
  /** Where the stage writes its access logs. */
  public readonly accessLogGroup: LogGroup;
  /** Base URL of the API, without a trailing slash (`PUBLIC_BASE_URL`). */
  public readonly baseUrl: string;
  /** URL to register as the app's webhook URL in Plane. */
  public readonly webhookUrl: string;
  /** URL that starts an installation. */
  public readonly setupUrl: string;
  /** URL to register as the app's Redirect URI in Plane. */
  public readonly redirectUri: string;

  constructor(scope: Construct, id: string, props: PlaneHttpApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'Plane app: webhook ingest and OAuth installation',
      createDefaultStage: false,
    });
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: ACCESS_LOG_FORMAT,
      },
    });

    const webhookPath = props.webhookPath ?? Routes.Webhook;
    this.route(
      'Webhook',
      HttpMethod.POST,
      { path: webhookPath, namedAs: Routes.Webhook },
      props.ingestFunction,
      'Plane posts webhooks without AWS credentials; the function verifies the HMAC signature over the raw body.',
    );
    this.route(
      'OAuthSetup',
      HttpMethod.GET,
      Routes.OAuthSetup,
      props.oauthSetupFunction,
      'A browser opens this install link; it only stores a random single-use state and redirects to ' +
        "Plane's consent screen.",
    );
    this.route(
      'OAuthCallback',
      HttpMethod.GET,
      Routes.OAuthCallback,
      props.oauthCallbackFunction,
      'Plane redirects the browser here; the function checks the single-use OAuth state and exchanges ' +
        'the code with the client secret.',
    );

    this.baseUrl = this.httpApi.apiEndpoint;
    this.webhookUrl = `${this.baseUrl}${webhookPath}`;
    this.setupUrl = `${this.baseUrl}${Routes.OAuthSetup}`;
    this.redirectUri = `${this.baseUrl}${Routes.OAuthCallback}`;
  }

  /** Adds one public route; `whyPublic` is the cdk-nag APIG4 acknowledgement reason. */
  private route(
    id: string,
    method: HttpMethod,
    path: string | { readonly path: string; readonly namedAs: string },
    fn: IFunction,
    whyPublic: string,
  ): HttpRoute {
    // Named as addRoutes names routes (`POST--webhook`), from a path without tokens.
    const { path: routePath, namedAs } = typeof path === 'string' ? { path, namedAs: path } : path;
    const route = new HttpRoute(this.httpApi, `${method}${namedAs.replace(/\//g, '--')}`, {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(routePath, method),
      integration: new HttpLambdaIntegration(`${id}Integration`, fn),
    });
    Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: whyPublic });
    return route;
  }
}
