import { boolFlag, containerArgv, flagValues, parseGoBool } from './goFlags';

describe('Go command-line flags (pflag)', () => {
  it("parses booleans as Go's strconv.ParseBool does", () => {
    for (const text of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(parseGoBool(text)).toBe(true);
    for (const text of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
      expect(parseGoBool(text)).toBe(false);
    for (const text of ['yes', 'on', 'tRUE', '', ' true'])
      expect(parseGoBool(text)).toBeUndefined();
  });

  it('reads a boolean flag given alone, with a value, or under another name; the last occurrence wins', () => {
    const names = ['default-volumes-to-fs-backup', 'default-volumes-to-restic'];
    expect(boolFlag(['server'], names)).toBeUndefined();
    expect(
      boolFlag(['server', '--default-volumes-to-fs-backup'], names),
    ).toEqual({ value: true, text: '--default-volumes-to-fs-backup' });
    expect(
      boolFlag(['server', '--default-volumes-to-fs-backup=F'], names),
    ).toEqual({ value: false, text: '--default-volumes-to-fs-backup=F' });
    expect(
      boolFlag(
        ['--default-volumes-to-fs-backup=false', '--default-volumes-to-restic'],
        names,
      )?.value,
    ).toBe(true);
    expect(
      boolFlag(
        ['--default-volumes-to-restic', '--default-volumes-to-fs-backup=0'],
        names,
      )?.value,
    ).toBe(false);
  });

  it('sets a boolean flag followed by a separate "false" to true (the word is a positional argument)', () => {
    expect(
      boolFlag(['server', '--restore-only', 'false'], ['restore-only']),
    ).toEqual({ value: true, text: '--restore-only' });
  });

  it('gives an unparseable boolean no value, and ignores flags after --, single-dash forms and other flags', () => {
    expect(boolFlag(['--restore-only=yes'], ['restore-only'])).toEqual({
      value: undefined,
      text: '--restore-only=yes',
    });
    expect(
      boolFlag(['--', '--restore-only'], ['restore-only']),
    ).toBeUndefined();
    expect(boolFlag(['-restore-only'], ['restore-only'])).toBeUndefined();
    expect(boolFlag(['--restore-only-x'], ['restore-only'])).toBeUndefined();
  });

  it('reads the values of a flag that takes one, after = or as the next argument', () => {
    expect(
      flagValues(
        ['server', '--features=EnableCSI', '--features', 'A,B', '--features'],
        'features',
      ),
    ).toEqual(['EnableCSI', 'A,B']);
    expect(flagValues(['--features='], 'features')).toEqual(['']);
    expect(flagValues(['server'], 'features')).toEqual([]);
  });
});

describe('containerArgv', () => {
  it('puts args after command, takes numbers and booleans as text, drops the rest', () => {
    expect(
      containerArgv({
        command: ['/external-dns', null],
        args: ['--port', 8080, true, { x: 1 }],
      }),
    ).toEqual(['/external-dns', '--port', '8080', 'true']);
    expect(containerArgv({ command: 'sh', args: undefined })).toEqual([]);
    expect(containerArgv(undefined)).toEqual([]);
  });
});
