import { PyFloat, pythonJsonDumps } from '../../lambdas/local/plane-simulator/format/python-json';
import { isoTimestamp } from '../../lambdas/local/plane-simulator/format/timestamps';

// Expected strings were produced with CPython 3's json.dumps and pasted here.
describe('pythonJsonDumps', () => {
  it('uses Python separators, escapes non-ASCII and writes None as null', () => {
    expect(pythonJsonDumps({ a: 'é', b: [1, 2], c: null })).toBe('{"a": "\\u00e9", "b": [1, 2], "c": null}');
  });

  it('writes astral characters as lowercase surrogate pairs', () => {
    expect(pythonJsonDumps('😀')).toBe('"\\ud83d\\ude00"');
  });

  it('writes empty containers without spaces', () => {
    expect(pythonJsonDumps({})).toBe('{}');
    expect(pythonJsonDumps([])).toBe('[]');
    expect(pythonJsonDumps({ x: {}, y: [] })).toBe('{"x": {}, "y": []}');
  });

  it('matches a nested envelope byte for byte, leaving / alone', () => {
    const value = {
      event: 'issue',
      data: { name: 'Café ☕ 😀', url: 'https://x/y', n: 3, f: 0.5, t: true, z: null, l: [], o: {} },
    };
    expect(pythonJsonDumps(value)).toBe(
      '{"event": "issue", "data": {"name": "Caf\\u00e9 \\u2615 \\ud83d\\ude00", "url": "https://x/y", ' +
        '"n": 3, "f": 0.5, "t": true, "z": null, "l": [], "o": {}}}',
    );
  });

  it('escapes control characters, quotes, backslashes and DEL like Python', () => {
    expect(pythonJsonDumps('a/b\\"q"\n\t\r\b\f\u0001\u007f\u001f')).toBe(
      '"a/b\\\\\\"q\\"\\n\\t\\r\\b\\f\\u0001\\u007f\\u001f"',
    );
    expect(pythonJsonDumps('\u2028\u00ff\u0100\uffff')).toBe('"\\u2028\\u00ff\\u0100\\uffff"');
    expect(pythonJsonDumps('\ud800')).toBe('"\\ud800"');
  });

  it('formats floats with repr rules', () => {
    expect(pythonJsonDumps([1.5, 0.1, 1e-7, 1.5e-7, 123456.789, 2.5e-5, 0.0001, 0.00001234])).toBe(
      '[1.5, 0.1, 1e-07, 1.5e-07, 123456.789, 2.5e-05, 0.0001, 1.234e-05]',
    );
    expect(pythonJsonDumps([1.25e-10, 3.14, -2.5, 123456789012345.6, 5e-324, 1.7976931348623157e308])).toBe(
      '[1.25e-10, 3.14, -2.5, 123456789012345.6, 5e-324, 1.7976931348623157e+308]',
    );
    expect(pythonJsonDumps(-0)).toBe('-0.0');
  });

  it('writes safe integers as Python ints and booleans in lower case', () => {
    expect(pythonJsonDumps([0, -3, 65535, true, false])).toBe('[0, -3, 65535, true, false]');
  });

  it('writes integral values past 2^53 as the floats they must have been', () => {
    expect(pythonJsonDumps([9007199254740994, 1e22, 1e16])).toBe('[9007199254740994.0, 1e+22, 1e+16]');
  });

  it('writes PyFloat values as Python floats, and JSON.stringify writes the plain number', () => {
    const value = {
      sort_order: new PyFloat(65535),
      zero: new PyFloat(0),
      half: new PyFloat(-0.5),
      big: new PyFloat(1e16),
    };
    expect(pythonJsonDumps(value)).toBe('{"sort_order": 65535.0, "zero": 0.0, "half": -0.5, "big": 1e+16}');
    expect(JSON.stringify(value)).toBe('{"sort_order":65535,"zero":0,"half":-0.5,"big":10000000000000000}');
  });

  it('keeps insertion order, including integer-like keys given as a Map', () => {
    expect(
      pythonJsonDumps(
        new Map([
          ['2', 'b'],
          ['1', 'a'],
        ]),
      ),
    ).toBe('{"2": "b", "1": "a"}');
    expect(pythonJsonDumps({ z: 1, a: 2 })).toBe('{"z": 1, "a": 2}');
  });

  it('leaves out undefined members and rejects NaN', () => {
    expect(pythonJsonDumps({ a: undefined, b: 1 })).toBe('{"b": 1}');
    expect(() => pythonJsonDumps(Number.NaN)).toThrow(/NaN/);
  });
});

describe('isoTimestamp', () => {
  it('formats like DRF: microseconds when non-zero, Z for UTC', () => {
    expect(isoTimestamp(Date.UTC(2026, 2, 1, 9, 30, 0, 250))).toBe('2026-03-01T09:30:00.250000Z');
    expect(isoTimestamp(Date.UTC(2026, 2, 1, 9, 30, 0, 0))).toBe('2026-03-01T09:30:00Z');
  });
});
