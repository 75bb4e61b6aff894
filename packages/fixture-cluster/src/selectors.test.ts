import { fieldPredicate, labelPredicate } from './selectors';
import { StatusError } from './status';

const labels = {
  app: 'web',
  tier: 'frontend',
  'backstage.io/kubernetes-id': 'web',
  empty: '',
};

describe('labelPredicate', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,api)', true],
    ['app in (api, db)', false],
    ['missing in (x)', false],
    ['app notin (api)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['empty=', true],
    ['backstage.io/kubernetes-id=web', true],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    [
      'app in (web,api),tier notin (db),!missing,backstage.io/kubernetes-id',
      true,
    ],
    [' app = web , tier in ( frontend ) ', true],
  ])('%s → %s', (selector, expected) => {
    expect(labelPredicate(selector)(labels)).toBe(expected);
  });

  it('treats missing labels as an empty set', () => {
    expect(labelPredicate('!app')(undefined)).toBe(true);
    expect(labelPredicate('app')(undefined)).toBe(false);
  });

  it.each([
    'app in web',
    'app in ()',
    'app=web,',
    'app=(x)',
    '=web',
    'app in (a b)',
  ])('rejects %s with 400', selector => {
    expect(() => labelPredicate(selector)).toThrow(
      expect.objectContaining({ name: 'StatusError', code: 400 }),
    );
  });
});

describe('fieldPredicate', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'shop' },
    spec: { nodeName: 'node-a' },
    status: { phase: 'Running' },
  };
  const pods = { group: '', plural: 'pods' };

  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.namespace=shop,spec.nodeName=node-a', true],
    ['spec.nodeName!=node-b', true],
    ['status.phase=Running', true],
    ['spec.nodeName=', false],
  ])('%s → %s', (selector, expected) => {
    expect(fieldPredicate(selector, pods)(pod)).toBe(expected);
  });

  it('compares a missing field as the empty string', () => {
    expect(
      fieldPredicate('spec.nodeName=', pods)({ metadata: { name: 'x' } }),
    ).toBe(true);
  });

  it('unescapes values', () => {
    expect(
      fieldPredicate(
        'metadata.name=a\\,b',
        pods,
      )({ metadata: { name: 'a,b' } }),
    ).toBe(true);
  });

  it('rejects unsupported fields like the API server (400)', () => {
    expect(() =>
      fieldPredicate('spec.nodeName=x', {
        group: 'apps',
        plural: 'deployments',
      }),
    ).toThrow('field label not supported: spec.nodeName');
    expect(() => fieldPredicate('spec.replicas=1', pods)).toThrow(StatusError);
    expect(() => fieldPredicate('nonsense', pods)).toThrow(
      'invalid field selector',
    );
  });
});
