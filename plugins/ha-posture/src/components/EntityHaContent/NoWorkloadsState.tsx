import { EmptyState } from '@backstage/core-components';
import { HaEntityResponse } from '@ha-posture/plugin-ha-posture-common';
import Typography from '@material-ui/core/Typography';

/** The entity is annotated but no workload matched it in any cluster. */
export function NoWorkloadsState(props: { data: HaEntityResponse }) {
  const sources = props.data.report.sources;
  return (
    <EmptyState
      missing="data"
      title="No workloads found for this entity"
      description={
        <>
          <Typography variant="body1" component="span">
            None of the {sources.length || ''} clusters read (
            {sources.map(s => s.cluster).join(', ') || 'none'}) runs a
            Deployment, StatefulSet, DaemonSet or Pod labelled for this entity.
            Check the backstage.io/kubernetes-id label on the workloads (or the
            label selector annotation), and the
            backstage.io/kubernetes-namespace and
            backstage.io/kubernetes-cluster annotations.
          </Typography>
        </>
      }
    />
  );
}
