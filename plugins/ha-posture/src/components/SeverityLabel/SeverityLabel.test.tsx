import { screen } from '@testing-library/react';
import { renderHa } from '../../__testUtils__/renderHa';
import { SeverityLabel } from './SeverityLabel';

describe('SeverityLabel', () => {
  it('names the severity', async () => {
    await renderHa(<SeverityLabel severity="critical" />);
    expect(screen.getByTitle('Severity: critical')).toHaveTextContent(
      'Critical',
    );
  });
});
