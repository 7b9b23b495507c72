import { formatUsd } from './cost';
import { EVENT_KINDS } from './event-kinds';
import type { BenchResults } from './results';

type Cell = string | number;

function table(header: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** Section 6's traffic cases: what a million webhooks cost when all, none or some of them are handled. */
export function casesSection(r: BenchResults): string {
  const { cases } = r.cost;
  const byKind = EVENT_KINDS.map((kind) => {
    const ingest = r.ingestKinds[kind];
    const processor = r.processor.byKind[kind];
    const priced = cases.flatMap((entry) => entry.kinds).find((entry) => entry.kind === kind);
    return [
      `\`${kind}\``,
      ingest.meanMs,
      ingest.logBytes,
      percent(ingest.enqueuedShare),
      ingest.enqueuedShare > 0 ? processor.msPerEvent : '–',
      ingest.enqueuedShare > 0 ? processor.logBytesPerEvent : '–',
      ingest.enqueuedShare > 0 ? processor.dynamoWritesPerEvent : '–',
      priced ? Math.round(priced.logBytesPerWebhook) : '–',
      priced ? formatUsd(priced.total) : '–',
    ];
  });
  return [
    '### Traffic cases',
    '',
    'Plane sends one `issue.updated` per changed field, and a mention agent wants few of them. Each case is ' +
      'priced kind by kind, from ingest measured on each kind (section 6 inputs, the stage as deployed) and the ' +
      'processor on the kinds that reach the queue.',
    '',
    table(
      ['case', 'mix', 'webhooks queued', 'log B per webhook', 'USD per 1M'],
      cases.map((entry) => [
        entry.name,
        entry.kinds.map((kind) => `${percent(kind.share)} \`${kind.kind}\``).join(', '),
        percent(entry.enqueuedShare),
        entry.logBytesPerWebhook,
        `**${formatUsd(entry.total)}**`,
      ]),
    ),
    '',
    table(
      [
        'kind',
        'ingest ms',
        'ingest log B',
        'queued',
        'processor ms / event',
        'processor log B / event',
        'DynamoDB writes / event',
        'log B per webhook',
        'USD per 1M of this kind',
      ],
      byKind,
    ),
  ].join('\n');
}
