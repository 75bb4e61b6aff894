import {
  EntityHaContent,
  EntityHaRollupCard,
  EntityHaScorecardCard,
  EntityHaSummaryCard,
  HaClustersPage,
  haPosturePlugin,
  isHaPostureAvailable,
} from './index';
import { haPostureApiRef } from './api/HaPostureApi';
import { haTechInsightsApiRef } from './api/TechInsightsApi';

describe('haPosturePlugin (legacy frontend system)', () => {
  it('provides the API clients and the extensions', () => {
    expect(haPosturePlugin.getId()).toBe('ha-posture');
    const apis = [...haPosturePlugin.getApis()].map(f => f.api.id);
    expect(apis).toEqual([haPostureApiRef.id, haTechInsightsApiRef.id]);
    for (const extension of [
      HaClustersPage,
      EntityHaContent,
      EntityHaSummaryCard,
      EntityHaRollupCard,
      EntityHaScorecardCard,
    ]) {
      expect(extension).toBeDefined();
    }
    expect(typeof isHaPostureAvailable).toBe('function');
  });
});
