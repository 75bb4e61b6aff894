import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { HaRollup } from '../HaRollup/HaRollup';

/**
 * HA roll-up for a Group (entities it owns) or a System (its components): average and worst
 * score, grade distribution, entities worst first, most frequent failing checks.
 */
export function EntityHaRollupCard() {
  const { entity } = useEntity();
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const groupBy = kind === 'system' ? 'system' : 'owner';
  const what = groupBy === 'system' ? 'in this system' : 'owned by this group';
  return (
    <InfoCard title="HA posture" subheader={`Entities ${what}, worst first`}>
      <HaRollup
        groupBy={groupBy}
        groupKey={stringifyEntityRef(entity)}
        what={what}
      />
    </InfoCard>
  );
}
