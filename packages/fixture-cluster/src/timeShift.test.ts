import {
  compileTemplate,
  renderTemplate,
  ShiftedJson,
  shiftSeconds,
} from './timeShift';

describe('time shifting', () => {
  it('moves every RFC3339 string value and keeps fractions', () => {
    const json = JSON.stringify({
      a: '2026-11-20T10:00:00Z',
      b: '2026-11-20T09:59:55.123456Z',
      c: ['2026-11-20T12:00:00+02:00'],
      d: 'not a time 2026-11-20T10:00:00Z',
      e: 42,
    });
    const out = JSON.parse(renderTemplate(compileTemplate(json), 3600));
    expect(out).toEqual({
      a: '2026-11-20T11:00:00Z',
      b: '2026-11-20T10:59:55.123456Z',
      c: ['2026-11-20T11:00:00Z'],
      d: 'not a time 2026-11-20T10:00:00Z',
      e: 42,
    });
  });

  it('leaves timestamps inside embedded JSON strings alone', () => {
    const json = JSON.stringify({
      annotation: JSON.stringify({ t: '2026-11-20T10:00:00Z' }),
    });
    expect(renderTemplate(compileTemplate(json), 60)).toBe(json);
  });

  it("moves Go's time.Time.String() form, also inside a string, in that form", () => {
    const status = [
      'time: 2026-11-20 09:59:40.546750398 +0000 UTC',
      'autoscalerStatus: Running',
      'since: 2026-11-20 11:59:00 +0200 CEST m=+54.67',
      'lastProbeTime: "2026-11-20T09:59:40Z"',
    ].join('\n');
    const json = JSON.stringify({ data: { status } });
    const out = JSON.parse(renderTemplate(compileTemplate(json), 90));
    expect(out.data.status.split('\n')).toEqual([
      'time: 2026-11-20 10:01:10.546750398 +0000 UTC',
      'autoscalerStatus: Running',
      'since: 2026-11-20 10:00:30 +0000 UTC m=+54.67',
      // RFC3339 inside a string stays as written (see the next test).
      'lastProbeTime: "2026-11-20T09:59:40Z"',
    ]);
    // Dates that only look alike are not timestamps.
    const plain = JSON.stringify({ note: 'built 2026-11-20 09:59:40 by ci' });
    expect(renderTemplate(compileTemplate(plain), 90)).toBe(plain);
  });

  it('computes whole-second deltas, and none without a capture time', () => {
    const captured = Date.parse('2026-11-20T10:00:00Z');
    expect(shiftSeconds(captured, captured + 90_999)).toBe(90);
    expect(shiftSeconds(undefined, Date.now())).toBe(0);
  });

  it('returns the original text for delta 0 and caches per delta', () => {
    const json = '{"t":"2026-11-20T10:00:00+00:00"}';
    const s = new ShiftedJson(json);
    expect(s.render(0)).toBe(json);
    const first = s.render(10);
    expect(first).toBe('{"t":"2026-11-20T10:00:10Z"}');
    expect(s.render(10)).toBe(first);
    expect(s.render(20)).toBe('{"t":"2026-11-20T10:00:20Z"}');
  });
});
