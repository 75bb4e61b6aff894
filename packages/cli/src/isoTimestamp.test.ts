import { readIsoTimestamp } from './isoTimestamp';

describe('readIsoTimestamp', () => {
  it.each([
    ['2025-01-15T10:00:00Z', '2025-01-15T10:00:00.000Z'],
    ['2025-01-15T10:00Z', '2025-01-15T10:00:00.000Z'],
    ['2025-01-15T12:00:00+02:00', '2025-01-15T10:00:00.000Z'],
    ['2025-01-15T10:00:00.123456789Z', '2025-01-15T10:00:00.123Z'],
    ['2025-01-15', '2025-01-15T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (value, iso) => {
    expect(readIsoTimestamp(value)).toEqual({ iso });
  });

  it.each([
    ['5', /write it as 2025-01-15T10:00:00Z/],
    ['March 3', /write it as 2025-01-15T10:00:00Z/],
    ['2025', /write it as 2025-01-15T10:00:00Z/],
    ['2025-01-15 10:00:00Z', /write it as 2025-01-15T10:00:00Z/],
    [' 2025-01-15T10:00:00Z', /write it as 2025-01-15T10:00:00Z/],
    ['Wed, 15 Jan 2025 10:00:00 GMT', /write it as 2025-01-15T10:00:00Z/],
    ['2025-01-15T10:00:00', /without a zone is ambiguous/],
    ['2025-02-30T00:00:00Z', /2025-02-30 is not a calendar date/],
    ['2025-02-29', /not a calendar date/],
    ['2025-13-01', /not a calendar date/],
    ['2025-01-00', /not a calendar date/],
    ['2025-01-15T24:00:00Z', /time of day is out of range/],
    ['2025-01-15T10:60:00Z', /time of day is out of range/],
    ['2025-01-15T10:00:60Z', /time of day is out of range/],
    ['2025-01-15T10:00:00+24:00', /offset \+24:00 is out of range/],
  ])('refuses %j', (value, problem) => {
    const reading = readIsoTimestamp(value);
    expect(reading.iso).toBeUndefined();
    expect(reading.problem).toMatch(problem);
  });
});
