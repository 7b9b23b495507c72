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
  /** Mean ingest duration of one webhook. */
  readonly ingestMs: number;
  readonly ingestMemoryMb: number;
  /** Share of the webhooks ingest puts on the queue (1 when it enqueues every verified webhook). */
  readonly enqueuedShare: number;
  /** Per queued event. */
  readonly processorMsPerEvent: number;
  readonly processorMemoryMb: number;
  /** Records per processor invocation (the event-source mapping's batch size). */
  readonly batchSize: number;
  readonly bodyBytes: number;
  /** What the functions write (measured): log and EMF lines, ingest's per webhook, the processor's per queued event. */
  readonly ingestLogBytesPerEvent: number;
  readonly processorLogBytesPerEvent: number;
  /** One API Gateway access-log line, in the stack's format. */
  readonly accessLogBytes: number;
  /** Lambda writes its START / END / REPORT lines (the function's system log level lets them through). */
  readonly platformLogLines: boolean;
  /** DynamoDB requests per queued event (measured): dedup writes and installation reads. */
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
  const queued = M * input.enqueuedShare;
  const ingestBilledMs = Math.ceil(input.ingestMs);
  const processorBilledMs = Math.ceil(input.processorMsPerEvent * input.batchSize);
  const invocations = queued / input.batchSize;
  const ingestGbS = ((M * ingestBilledMs) / 1000) * (input.ingestMemoryMb / 1024);
  const processorGbS = ((invocations * processorBilledMs) / 1000) * (input.processorMemoryMb / 1024);
  const messageChunks = Math.ceil((input.bodyBytes + 200) / PRICES.sqsChunkBytes);
  const receiveChunks = Math.ceil(((input.bodyBytes + 200) * input.batchSize) / PRICES.sqsChunkBytes);
  const sqsRequests = queued * messageChunks + invocations * receiveChunks + invocations;
  const platform = (ms: number, memoryMb: number) => (input.platformLogLines ? platformLogBytes(ms, memoryMb) : 0);
  // Per webhook: ingest and the access log always, the processor's share only for queued events.
  const logBytesPerEvent =
    input.ingestLogBytesPerEvent +
    platform(input.ingestMs, input.ingestMemoryMb) +
    input.accessLogBytes +
    input.enqueuedShare *
      (input.processorLogBytesPerEvent + platform(processorBilledMs, input.processorMemoryMb) / input.batchSize);
  const logGb = (M * logBytesPerEvent) / 1024 ** 3;
  const count = (value: number) => Math.round(value).toLocaleString('en-US');
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
      quantity: `${count(queued)} queued / ${input.batchSize} = ${count(invocations)} invocations`,
      unitPrice: `$${PRICES.lambdaPerMillionRequests}/M`,
      usd: (invocations / M) * PRICES.lambdaPerMillionRequests,
    },
    {
      service: 'Lambda',
      item: `processor duration (${input.processorMemoryMb} MB)`,
      quantity:
        `${count(invocations)} × ${processorBilledMs} ms × ` +
        `${input.processorMemoryMb / 1024} GB = ${round(processorGbS, 0)} GB-s`,
      unitPrice: `$${PRICES.lambdaArmPerGbSecond}/GB-s`,
      usd: processorGbS * PRICES.lambdaArmPerGbSecond,
    },
    {
      service: 'SQS',
      item: 'send + batch receive + batch delete',
      quantity:
        `${count(queued)} × ${messageChunks} + ${count(invocations)} × ${receiveChunks} + ` +
        `${count(invocations)} = ${count(sqsRequests)} requests`,
      unitPrice: `$${PRICES.sqsPerMillionRequests}/M`,
      usd: (sqsRequests / M) * PRICES.sqsPerMillionRequests,
    },
    {
      service: 'DynamoDB',
      item: 'dedup writes (claim + done)',
      quantity: `${count(queued)} × ${round(input.dynamoWritesPerEvent, 2)} WRU`,
      unitPrice: `$${PRICES.dynamoPerMillionWru}/M WRU`,
      usd: input.enqueuedShare * input.dynamoWritesPerEvent * PRICES.dynamoPerMillionWru,
    },
    {
      service: 'DynamoDB',
      item: 'installation reads (warm: cached)',
      quantity: `${count(queued)} × ${round(input.dynamoReadsPerEvent, 3)} RRU`,
      unitPrice: `$${PRICES.dynamoPerMillionRru}/M RRU`,
      usd: input.enqueuedShare * input.dynamoReadsPerEvent * PRICES.dynamoPerMillionRru,
    },
    {
      service: 'CloudWatch Logs',
      item: `ingestion (function lines, EMF, ${input.platformLogLines ? 'START/END/REPORT, ' : ''}access log)`,
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
