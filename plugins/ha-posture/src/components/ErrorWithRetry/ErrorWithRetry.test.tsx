import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderHa } from '../../__testUtils__/renderHa';
import { ErrorWithRetry } from './ErrorWithRetry';

describe('ErrorWithRetry', () => {
  it('shows the error and retries', async () => {
    const onRetry = jest.fn();
    await renderHa(
      <ErrorWithRetry
        error={new Error('Bad Gateway')}
        onRetry={onRetry}
        title="Could not load"
      />,
    );
    expect(screen.getAllByText(/Bad Gateway/).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
