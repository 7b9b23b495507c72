import { round } from './stats';

/**
 * AWS list prices used for the estimate (us-east-1, arm64, first pricing tier, on-demand), as
 * given for this benchmark; check https://aws.amazon.com/pricing before quoting them. SQS bills
 * every 64 KB chunk of a request as one request.
 */
export const PRICES = {
  apiGatewayHttpPerMillion: 1.0,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  sqsPerMillionRequests: 0.4,
  sqsChunkBytes: 64 * 1024,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  logsPerGbIngested: 0.5,
  secretsPer10kCalls: 0.05,
} as const;

export interface CostInputs {
  readonly ingestMs: number;
  readonly ingestMemoryMb: number;
  readonly processorMsPerEvent: number;
  readonly processorMemoryMb: number;
  /** Records per processor invocation (the event-source mapping's batch size). */
  readonly batchSize: number;
  readonly bodyBytes: number;
  /** What the functions write per event (measured): log and EMF lines. */
  readonly ingestLogBytesPerEvent: number;
  readonly processorLogBytesPerEvent: number;
  /** DynamoDB requests per event (measured): dedup writes and installation reads. */
  readonly dynamoWritesPerEvent: number;
  readonly dynamoReadsPerEvent: number;
}

export interface CostRow {
  readonly service: string;
  readonly item: string;
  /** Billed units per million webhooks, and the unit. */
  readonly quantity: string;
  readonly unitPrice: string;
  readonly usd: number;
}

const REQUEST_ID = '3f1c9a4e-7b2d-4e8f-9a61-0c5d2b7e8f13';

/** Lambda's own START / END / REPORT lines for one invocation. */
function platformLogBytes(durationMs: number, memoryMb: number): number {
  const lines = [
    `START RequestId: ${REQUEST_ID} Version: $LATEST`,
    `END RequestId: ${REQUEST_ID}`,
    `REPORT RequestId: ${REQUEST_ID}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ` +
      `${Math.ceil(durationMs)} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: 96 MB\t`,
  ];
  return Buffer.byteLength(`${lines.join('\n')}\n`);
}

/** One access-log line in the stack's format (lib/plane-http-api.ts). */
const ACCESS_LOG_BYTES = Buffer.byteLength(
  `${JSON.stringify({
    requestId: 'Hx3kPgA1oAMEbXw=',
    ip: '203.0.113.9',
    requestTime: '29/Nov/2026:12:00:00 +0000',
    httpMethod: 'POST',
    routeKey: 'POST /webhook',
    status: '200',
    protocol: 'HTTP/1.1',
    responseLength: '11',
    integrationLatency: '12',
    integrationErrorMessage: '-',
  })}\n`,
);

const usd = (value: number): string =>
  value === 0 ? '$0' : `$${value < 0.01 ? value.toPrecision(2) : value.toFixed(4)}`;
const M = 1_000_000;

/** Cost per million webhooks, line by line; `quantity` shows the arithmetic. */
export function estimateCost(input: CostInputs): {
  rows: CostRow[];
  total: number;
  logBytesPerEvent: number;
  perExtraMs: { ingest: number; processor: number };
} {
  const ingestBilledMs = Math.ceil(input.ingestMs);
  const processorBilledMs = Math.ceil(input.processorMsPerEvent * input.batchSize);
  const invocations = M / input.batchSize;
  const ingestGbS = ((M * ingestBilledMs) / 1000) * (input.ingestMemoryMb / 1024);
  const processorGbS = ((invocations * processorBilledMs) / 1000) * (input.processorMemoryMb / 1024);
  const messageChunks = Math.ceil((input.bodyBytes + 200) / PRICES.sqsChunkBytes);
  const receiveChunks = Math.ceil(((input.bodyBytes + 200) * input.batchSize) / PRICES.sqsChunkBytes);
  const sqsRequests = M * messageChunks + invocations * receiveChunks + invocations;
  const logBytesPerEvent =
    input.ingestLogBytesPerEvent +
    platformLogBytes(input.ingestMs, input.ingestMemoryMb) +
    ACCESS_LOG_BYTES +
    input.processorLogBytesPerEvent +
    platformLogBytes(processorBilledMs, input.processorMemoryMb) / input.batchSize;
  const logGb = (M * logBytesPerEvent) / 1024 ** 3;
  const rows: CostRow[] = [
    {
      service: 'API Gateway',
      item: 'HTTP API requests',
      quantity: '1,000,000 requests',
      unitPrice: `$${PRICES.apiGatewayHttpPerMillion}/M`,
      usd: PRICES.apiGatewayHttpPerMillion,
    },
    {
      service: 'Lambda',
      item: 'ingest requests',
      quantity: '1,000,000 invocations',
      unitPrice: `$${PRICES.lambdaPerMillionRequests}/M`,
      usd: PRICES.lambdaPerMillionRequests,
    },
    {
      service: 'Lambda',
      item: `ingest duration (${input.ingestMemoryMb} MB)`,
      quantity: `1M × ${ingestBilledMs} ms × ${input.ingestMemoryMb / 1024} GB = ${round(ingestGbS, 0)} GB-s`,
      unitPrice: `$${PRICES.lambdaArmPerGbSecond}/GB-s`,
      usd: ingestGbS * PRICES.lambdaArmPerGbSecond,
    },
    {
      service: 'Lambda',
      item: 'processor requests',
      quantity: `1M / ${input.batchSize} = ${invocations.toLocaleString('en-US')} invocations`,
      unitPrice: `$${PRICES.lambdaPerMillionRequests}/M`,
      usd: (invocations / M) * PRICES.lambdaPerMillionRequests,
    },
    {
      service: 'Lambda',
      item: `processor duration (${input.processorMemoryMb} MB)`,
      quantity:
        `${invocations.toLocaleString('en-US')} × ${processorBilledMs} ms × ` +
        `${input.processorMemoryMb / 1024} GB = ${round(processorGbS, 0)} GB-s`,
      unitPrice: `$${PRICES.lambdaArmPerGbSecond}/GB-s`,
      usd: processorGbS * PRICES.lambdaArmPerGbSecond,
    },
    {
      service: 'SQS',
      item: 'send + batch receive + batch delete',
      quantity:
        `1M × ${messageChunks} + ${invocations.toLocaleString('en-US')} × ${receiveChunks} + ` +
        `${invocations.toLocaleString('en-US')} = ${sqsRequests.toLocaleString('en-US')} requests`,
      unitPrice: `$${PRICES.sqsPerMillionRequests}/M`,
      usd: (sqsRequests / M) * PRICES.sqsPerMillionRequests,
    },
    {
      service: 'DynamoDB',
      item: 'dedup writes (claim + done)',
      quantity: `1M × ${round(input.dynamoWritesPerEvent, 2)} WRU`,
      unitPrice: `$${PRICES.dynamoPerMillionWru}/M WRU`,
      usd: input.dynamoWritesPerEvent * PRICES.dynamoPerMillionWru,
    },
    {
      service: 'DynamoDB',
      item: 'installation reads (warm: cached)',
      quantity: `1M × ${round(input.dynamoReadsPerEvent, 3)} RRU`,
      unitPrice: `$${PRICES.dynamoPerMillionRru}/M RRU`,
      usd: input.dynamoReadsPerEvent * PRICES.dynamoPerMillionRru,
    },
    {
      service: 'CloudWatch Logs',
      item: 'ingestion (function lines, EMF, START/END/REPORT, access log)',
      quantity: `1M × ${round(logBytesPerEvent, 0)} B = ${round(logGb, 3)} GB`,
      unitPrice: `$${PRICES.logsPerGbIngested}/GB`,
      usd: logGb * PRICES.logsPerGbIngested,
    },
    {
      service: 'Secrets Manager',
      item: 'GetSecretValue (cached 5 min per warm instance)',
      quantity: '≈ 12 calls/hour per warm instance, not per event',
      unitPrice: `$${PRICES.secretsPer10kCalls}/10k`,
      usd: 0,
    },
  ];
  const total = rows.reduce((sum, row) => sum + row.usd, 0);
  // What each extra millisecond costs per million webhooks: AWS latencies are longer than loopback's.
  const perExtraMs = {
    ingest: (M / 1000) * (input.ingestMemoryMb / 1024) * PRICES.lambdaArmPerGbSecond,
    processor: (M / 1000) * (input.processorMemoryMb / 1024) * PRICES.lambdaArmPerGbSecond,
  };
  return { rows, total, logBytesPerEvent, perExtraMs };
}

export const formatUsd = usd;
