import { haPostureChecksExtensionPoint } from './extensions';

describe('haPostureChecksExtensionPoint', () => {
  it('has the documented id', () => {
    expect(haPostureChecksExtensionPoint.id).toBe('ha-posture.checks');
  });
});
