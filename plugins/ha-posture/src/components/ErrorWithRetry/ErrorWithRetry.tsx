import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import RefreshIcon from '@material-ui/icons/Refresh';

export interface ErrorWithRetryProps {
  error: Error;
  onRetry: () => void;
  title?: string;
}

/** A failed request: Backstage's ResponseErrorPanel (with the server's message) and a Retry button. */
export function ErrorWithRetry(props: ErrorWithRetryProps) {
  const { error, onRetry, title } = props;
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <ResponseErrorPanel error={error} title={title} />
      <Box>
        <Button
          variant="outlined"
          color="primary"
          size="small"
          startIcon={<RefreshIcon />}
          onClick={onRetry}
        >
          Retry
        </Button>
      </Box>
    </Box>
  );
}
