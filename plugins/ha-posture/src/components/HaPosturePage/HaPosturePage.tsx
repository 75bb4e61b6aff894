import { Content, Header, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import {
  Link as RouterLink,
  Route,
  Routes,
  useLocation,
  useParams,
} from 'react-router-dom';
import { useHaLinks } from '../../hooks/useHaLinks';
import { CheckCatalog } from '../CheckCatalog/CheckCatalog';
import { ClusterDetail } from '../ClusterDetail/ClusterDetail';
import { ClustersView } from '../ClustersView/ClustersView';

function ClusterDetailRoute() {
  const { name = '' } = useParams();
  return <ClusterDetail name={name} />;
}

function PageTabs() {
  const links = useHaLinks();
  const { pathname } = useLocation();
  const onChecks = pathname.replace(/\/$/, '').endsWith('/checks');
  return (
    <Box mb={3} borderBottom={1} borderColor="divider">
      <Tabs
        value={onChecks ? 'checks' : 'clusters'}
        indicatorColor="primary"
        textColor="primary"
      >
        <Tab
          value="clusters"
          label="Clusters"
          component={RouterLink}
          to={links.clusters()}
        />
        <Tab
          value="checks"
          label="Check catalog"
          component={RouterLink}
          to={links.checks()}
        />
      </Tabs>
    </Box>
  );
}

/**
 * The HA posture page's content and routes: `/` the clusters, `/clusters/:name` one cluster,
 * `/checks` the check catalog. The new frontend system wraps it in its page header.
 */
export function HaPostureRoutes() {
  return (
    <>
      <PageTabs />
      <Routes>
        <Route path="/" element={<ClustersView />} />
        <Route path="/clusters/:name" element={<ClusterDetailRoute />} />
        <Route path="/checks" element={<CheckCatalog />} />
      </Routes>
    </>
  );
}

/** Content only, for the new frontend system (its PageBlueprint draws the header). */
export function HaPostureContent() {
  return (
    <Content>
      <HaPostureRoutes />
    </Content>
  );
}

/** The full page with a Backstage header, for the legacy frontend system. */
export function HaPosturePage() {
  return (
    <Page themeId="tool">
      <Header
        title="HA posture"
        subtitle="How highly available the clusters and their workloads really are"
      />
      <Content>
        <HaPostureRoutes />
      </Content>
    </Page>
  );
}
