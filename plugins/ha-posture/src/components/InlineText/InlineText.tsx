import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: '0.92em',
    padding: '1px 4px',
    borderRadius: 3,
    backgroundColor: theme.palette.action.hover,
  },
}));

/** Text from the check catalog and results, with `backtick` spans shown as inline code. */
export function InlineText(props: { text: string }) {
  const classes = useStyles();
  const parts = props.text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className={classes.code}>
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
