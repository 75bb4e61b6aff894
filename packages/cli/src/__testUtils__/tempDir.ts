import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary folder for the tests of the calling describe block, removed after them. */
export function useTempDir(): () => string {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-test-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
