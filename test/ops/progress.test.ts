import { createProgress, formatDuration, type ProgressStream } from '../../bin/ops/progress';

function captureStream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 100,
    write(text, callback) {
      chunks.push(String(text));
      callback?.(null);
      return true;
    },
    text: () => chunks.join(''),
  };
}

describe('createProgress without a terminal (CI, a file)', () => {
  test('prints plain lines with counts, share and ETA, no escape codes', () => {
    const stream = captureStream(false);
    let now = 0;
    const progress = createProgress({ label: 'redrive', total: 10, unit: 'messages', stream, clock: () => now });
    now = 2_000;
    progress.update(2);
    now = 12_000;
    progress.update(6, 'batch 3');
    now = 16_000;
    progress.update(10);
    progress.stop('moved 10');
    expect(stream.text().split('\n').filter(Boolean)).toEqual([
      'redrive: 6/10 messages (60%), 12 s elapsed, ETA 8 s · batch 3',
      'redrive: 10/10 messages (100%), 16 s elapsed',
      'redrive: done, 10/10 messages in 16 s · moved 10',
    ]);
    expect(stream.text()).not.toContain('\x1b');
  });

  test('a total set later is used for the share', () => {
    const stream = captureStream(false);
    const progress = createProgress({ label: 'soak', total: 0, stream, clock: () => 0, plainEveryMs: 0 });
    progress.setTotal(4);
    progress.update(1);
    expect(stream.text()).toContain('soak: 1/4 (25%)');
  });
});

describe('createProgress on a terminal', () => {
  test('draws a bar in place with ETA and ends with one closing line', () => {
    const stream = captureStream(true);
    const progress = createProgress({ label: 'soak: sending', total: 8, unit: 'webhooks', stream });
    progress.update(4, 'SQS refusing');
    progress.stop('all sent');
    const text = stream.text();
    expect(text).toContain('\x1b[');
    expect(text).toMatch(/soak: sending [█░]+ \d+% \| \d\/8 webhooks \| ETA /);
    expect(text).toContain('SQS refusing');
    expect(text.endsWith('soak: sending: done, 4 webhooks · all sent\n')).toBe(true);
  });
});

test.each([
  [0, '0 s'],
  [42_400, '42 s'],
  [185_000, '3 min 5 s'],
])('formatDuration(%d) is %s', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
