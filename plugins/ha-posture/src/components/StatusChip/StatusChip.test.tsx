import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderHa } from '../../__testUtils__/renderHa';
import { StatusChip } from './StatusChip';

describe('StatusChip', () => {
  it('names the status and explains it on hover', async () => {
    await renderHa(<StatusChip status="unknown" />);
    const chip = screen.getByText('Unknown');
    await userEvent.hover(chip);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /Not evaluable/,
    );
  });

  it('is a toggle when clickable', async () => {
    const onClick = jest.fn();
    await renderHa(
      <StatusChip status="fail" label="Fail 3" selected onClick={onClick} />,
    );
    const chip = screen.getByRole('button', { name: /Fail 3/ });
    expect(chip).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(chip);
    expect(onClick).toHaveBeenCalled();
  });
});
