import { render, screen } from '@testing-library/react';
import { InlineText } from './InlineText';

describe('InlineText', () => {
  it('shows backtick spans as code', () => {
    render(
      <InlineText text="Use `maxUnavailable: 1`, or keep `minAvailable` low." />,
    );
    expect(screen.getByText('maxUnavailable: 1').tagName).toBe('CODE');
    expect(screen.getByText('minAvailable').tagName).toBe('CODE');
    expect(document.body).toHaveTextContent(
      'Use maxUnavailable: 1, or keep minAvailable low.',
    );
  });
});
