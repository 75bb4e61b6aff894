import { screen } from '@testing-library/react';
import { renderHa } from '../../__testUtils__/renderHa';
import { HaSkeleton } from './HaSkeleton';

describe('HaSkeleton', () => {
  it.each(['tab', 'card', 'table'] as const)(
    'announces loading (%s)',
    async variant => {
      await renderHa(<HaSkeleton variant={variant} />);
      expect(
        screen.getByRole('progressbar', { name: 'Loading HA posture' }),
      ).toBeInTheDocument();
    },
  );
});
