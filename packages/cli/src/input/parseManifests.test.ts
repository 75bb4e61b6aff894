import { constants } from 'node:buffer';
import { UsageError } from '../exitCodes';
import {
  decodeText,
  parseManifestBytes,
  parseManifests,
} from './parseManifests';

const summary = (text: string) =>
  parseManifests(text, 'in.yaml').map(
    ({ object, location }) =>
      `${object.kind} ${object.metadata.name} @${location.line}`,
  );

const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('parseManifests', () => {
  it('reads multi-document YAML with the line each object starts on, skipping empty documents', () => {
    const text = [
      '---',
      '# a comment',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: web }',
      '---',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '---',
    ].join('\n');
    expect(summary(text)).toEqual(['Service web @3', 'Deployment web @8']);
  });

  it('flattens kind: List dumps (kubectl get -o yaml) with the line of each item', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata: { name: n1 }',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata: { name: n2 }',
      'metadata: { resourceVersion: "" }',
    ].join('\n');
    expect(summary(text)).toEqual(['Node n1 @4', 'Node n2 @7']);
  });

  describe('a kind: List document, read item by item', () => {
    const dump = (...items: string[][]) =>
      [
        'apiVersion: v1',
        'items:',
        ...items.flat(),
        'kind: List',
        'metadata:',
        '  resourceVersion: ""',
        '',
      ].join('\n');
    const pod = (name: string, ...more: string[]) => [
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      `    name: ${name}`,
      ...more,
    ];

    it('reads scalars as a standalone document would (YAML 1.2 core schema)', () => {
      const fields = [
        '  spec:',
        '    created: 2025-04-13T00:21:47Z',
        '    words: [yes, no, on, off, y, n]',
        '    numbers: [0x1F, 0o17, 017, 1e3, .inf, -.Inf, 1_000]',
        '    nulls: [~, null, Null]',
        '    bools: [true, True, FALSE]',
        '    quoted: [\'0x1F\', "true"]',
        '    "<<": merge key is a plain key',
      ];
      const [inList] = parseManifests(dump(pod('p', ...fields)), 'in.yaml');
      const [alone] = parseManifests(
        pod('p', ...fields)
          .map(line => line.replace(/^(- | {2})/, ''))
          .join('\n'),
        'in.yaml',
      );
      expect(inList.object).toEqual(alone.object);
      expect(inList.object.spec.created).toBe('2025-04-13T00:21:47Z');
    });

    it('reads an alias that refers to an anchor of another item', () => {
      const text = dump(
        pod('a', '    labels: &shared { app: web }'),
        pod('b', '    labels: *shared'),
      );
      expect(
        parseManifests(text, 'in.yaml').map(o => o.object.metadata.labels),
      ).toEqual([{ app: 'web' }, { app: 'web' }]);
    });

    it('names the line and column of a syntax error in an item, counted in the whole file', () => {
      const text = dump(pod('a'), pod('b', '    labels: { app: [web }'));
      expect(errorOf(() => parseManifests(text, 'dump.yaml'))).toMatch(
        /^dump\.yaml:11:25: invalid YAML: /,
      );
    });

    it('names the line of a wrong-typed field deep in a later item', () => {
      const deployment = [
        '- apiVersion: apps/v1',
        '  kind: Deployment',
        '  metadata: { name: web, namespace: shop }',
        '  spec:',
        '    replicas: "3"',
      ];
      expect(
        errorOf(() => parseManifests(dump(pod('a'), deployment), 'dump.yaml')),
      ).toBe(
        'dump.yaml:11: Deployment shop/web: spec.replicas must be a whole number from 0 to 2147483647, not the string "3"',
      );
    });

    it('reports a broken alias outside the items as invalid YAML', () => {
      const text = dump(pod('a')).replace(
        'resourceVersion: ""',
        'resourceVersion: *nowhere',
      );
      expect(errorOf(() => parseManifests(text, 'dump.yaml'))).toMatch(
        /^dump\.yaml:1: invalid YAML: Unresolved alias/,
      );
    });

    it('refuses an alias bomb inside an item', () => {
      const bomb = pod(
        'p',
        '  a: &a [x, x, x, x, x, x, x, x, x]',
        '  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        '  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        '  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      );
      expect(errorOf(() => parseManifests(dump(bomb), 'bomb.yaml'))).toMatch(
        /^bomb\.yaml:3: invalid YAML: /,
      );
    });
  });

  it('gives items of a typed list (DeploymentList) the apiVersion and kind they omit', () => {
    const text =
      'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- metadata: { name: a }\n';
    const [loaded] = parseManifests(text, 'in.yaml');
    expect(loaded.object).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'a' },
    });
  });

  it('reads JSON (kubectl get -o json), including tab indentation', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }],
      },
      null,
      '\t',
    );
    expect(summary(json)).toEqual(['Pod p @5']);
  });

  it('reads JSON arrays of Lists with the line of every item, like YAML', () => {
    const json = JSON.stringify(
      [
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [
            { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } },
            { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' } },
          ],
        },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
      ],
      null,
      2,
    );
    expect(summary(json)).toEqual(['Pod a @6', 'Pod b @13', 'Service s @22']);
    // Compact JSON: everything on line 1.
    expect(summary(JSON.stringify(JSON.parse(json)))).toEqual([
      'Pod a @1',
      'Pod b @1',
      'Service s @1',
    ]);
  });

  it('reads YAML that starts like JSON (flow style) with the YAML parser', () => {
    expect(
      summary('{apiVersion: v1, kind: Pod, metadata: {name: p}}\n'),
    ).toEqual(['Pod p @1']);
  });

  it('names the line of a wrong-typed field and of a non-object item in JSON', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'apps/v1',
        kind: 'DeploymentList',
        items: [
          { metadata: { name: 'ok', namespace: 'shop' }, spec: {} },
          {
            metadata: { name: 'web', namespace: 'shop' },
            spec: { replicas: '3' },
          },
        ],
      },
      null,
      2,
    );
    expect(errorOf(() => parseManifests(json, 'dump.json'))).toBe(
      'dump.json:18: Deployment shop/web: spec.replicas must be a whole number from 0 to 2147483647, not the string "3"',
    );
    expect(
      errorOf(() =>
        parseManifests(
          '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    "x"\n  ]\n}\n',
          'dump.json',
        ),
      ),
    ).toBe(
      'dump.json:5: List.items[0]: expected a Kubernetes object, found a string',
    );
  });

  it('names line and column of a JSON syntax error (read as YAML)', () => {
    const message = errorOf(() =>
      parseManifests('{\n  "apiVersion": "v1",\n  "kind": \n', 'bad.json'),
    );
    expect(message).toMatch(/^bad\.json:\d+:\d+: invalid JSON or YAML: /);
  });

  it('refuses a List entry that is a nested list, a scalar or null, naming file, line and index', () => {
    // A nested list would be flattened, a null item skipped, without a word.
    expect(
      errorOf(() =>
        parseManifests(
          [
            'apiVersion: v1',
            'kind: List',
            'items:',
            '- apiVersion: v1',
            '  kind: Pod',
            '  metadata: { name: p }',
            '- - apiVersion: v1',
            '    kind: Pod',
            '    metadata: { name: q }',
          ].join('\n'),
          'dump.yaml',
        ),
      ),
    ).toBe(
      'dump.yaml:7: List.items[1]: expected a Kubernetes object, found a list',
    );
    expect(
      errorOf(() =>
        parseManifests(
          'apiVersion: v1\nkind: PodList\nitems:\n- null\n',
          'dump.yaml',
        ),
      ),
    ).toBe(
      'dump.yaml:4: PodList.items[0]: expected a Kubernetes object, found null',
    );
    expect(
      errorOf(() =>
        parseManifests(
          '{"apiVersion":"v1","kind":"List","items":[\n[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}]]}',
          'dump.json',
        ),
      ),
    ).toBe(
      'dump.json:2: List.items[0]: expected a Kubernetes object, found a list',
    );
    // An array of Lists names the path through both.
    expect(
      errorOf(() =>
        parseManifests(
          '[{"apiVersion":"v1","kind":"List","items":[7]}]',
          'dump.json',
        ),
      ),
    ).toBe(
      'dump.json:1: [0].List.items[0]: expected a Kubernetes object, found a number',
    );
    expect(errorOf(() => parseManifests('- [1]\n', 'top.yaml'))).toBe(
      'top.yaml:1: [0]: expected a Kubernetes object, found a list',
    );
    expect(summary('apiVersion: v1\nkind: List\nitems:\n')).toEqual([]);
  });

  it('applies YAML merge keys (<<) as kubectl does, in documents and in List items', () => {
    const containers = [
      '      containers:',
      '      - &base { name: a, image: x, resources: { requests: { cpu: 1m } } }',
      '      - <<: *base',
      '        name: b',
    ];
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  template:',
      '    spec:',
      ...containers,
    ].join('\n');
    const [web] = parseManifests(deployment, 'web.yaml');
    expect(web.object.spec.template.spec.containers[1]).toEqual({
      name: 'b',
      image: 'x',
      resources: { requests: { cpu: '1m' } },
    });
    // In a List read item by item: an alias inside the item, and an inline mapping merged.
    const list = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    <<: { namespace: shop, labels: { app: web } }',
      '    name: settings',
      `- ${deployment.split('\n').join('\n  ')}`,
    ].join('\n');
    const [settings, listed] = parseManifests(list, 'dump.yaml');
    expect(settings.object.metadata).toEqual({
      namespace: 'shop',
      labels: { app: 'web' },
      name: 'settings',
    });
    expect(settings.object.metadata).not.toHaveProperty('<<');
    expect(listed.object).toEqual(web.object);
    // A quoted "<<" is an ordinary key, as in YAML 1.1.
    const [quoted] = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { "<<": x }\n',
      'c.yaml',
    );
    expect(quoted.object.data).toEqual({ '<<': 'x' });
  });

  it('says when values nest too deeply to read, rather than failing internally', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    // A field the checks read, of the wrong type, whose line is looked up recursively.
    const json = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"},"spec":{"template":{"spec":{"containers":${deep(
      100_000,
    )}}}}}`;
    expect(errorOf(() => parseManifests(json, 'deep.json'))).toBe(
      'deep.json: values nested too deeply to read (the stack ran out); Kubernetes objects nest a few dozen levels at most',
    );
  });

  it('accepts an empty List and top-level arrays', () => {
    expect(summary('apiVersion: v1\nkind: List\nitems: []\n')).toEqual([]);
    expect(
      summary('- apiVersion: v1\n  kind: Pod\n  metadata: { name: p }\n'),
    ).toEqual(['Pod p @1']);
  });

  it('names file, line and column of a YAML syntax error', () => {
    const message = errorOf(() =>
      parseManifests(
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
        'bad.yaml',
      ),
    );
    expect(message).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML: /);
    expect(message).not.toContain('\n');
  });

  it('rejects documents that are not Kubernetes objects, with file and line', () => {
    expect(
      errorOf(() =>
        parseManifests(
          'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\n---\nfoo: bar\n',
          'x.yaml',
        ),
      ),
    ).toBe(
      'x.yaml:5: document without apiVersion and kind (not a Kubernetes object)',
    );
    expect(errorOf(() => parseManifests('just a string\n', 'x.yaml'))).toBe(
      'x.yaml:1: expected a Kubernetes object, found a string',
    );
    expect(
      errorOf(() =>
        parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {}\n', 'x.yaml'),
      ),
    ).toBe('x.yaml:1: Pod without metadata.name');
    expect(
      errorOf(() =>
        parseManifests('apiVersion: v1\nkind: List\nitems: 3\n', 'x.yaml'),
      ),
    ).toBe('x.yaml:1: List.items must be a list');
  });

  it('passes kustomize files on without a name, a kind-less one only in a kustomization file', () => {
    const kustomization = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      '---',
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources: [app.yaml]',
      '---',
      'apiVersion: kustomize.config.k8s.io/v1alpha1',
      'kind: Component',
      'metadata: { name: ha }',
    ].join('\n');
    expect(
      parseManifests(kustomization, 'in.yaml').map(({ object, location }) => [
        object.kind,
        object.metadata,
        location.line,
      ]),
    ).toEqual([
      ['Deployment', { name: 'web' }, 1],
      ['Kustomization', {}, 5],
      ['Component', { name: 'ha' }, 9],
    ]);
    // Kustomize reads a kustomization file without apiVersion and kind as a v1beta1 Kustomization.
    const kindless = 'resources:\n- app.yaml\n';
    expect(
      parseManifests(kindless, 'base/kustomization.yml').map(o => o.object),
    ).toEqual([
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        metadata: {},
        resources: ['app.yaml'],
      },
    ]);
    expect(errorOf(() => parseManifests(kindless, 'app.yaml'))).toBe(
      'app.yaml:1: document without apiVersion and kind (not a Kubernetes object)',
    );
    expect(
      errorOf(() =>
        parseManifests(
          'apiVersion: kustomize.config.k8s.io/v1beta1\nresources: []\n',
          'kustomization.yaml',
        ),
      ),
    ).toBe(
      'kustomization.yaml:1: document without apiVersion and kind (not a Kubernetes object)',
    );
  });

  it('rejects a field of the wrong type at its own line, naming the object', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web, namespace: shop }',
      'spec:',
      '  replicas: "3"',
      '',
    ].join('\n');
    expect(errorOf(() => parseManifests(deployment, 'web.yaml'))).toBe(
      'web.yaml:5: Deployment shop/web: spec.replicas must be a whole number from 0 to 2147483647, not the string "3"',
    );
    // In a typed list the items inherit their kind; the line is still the field's own.
    const list = [
      'apiVersion: velero.io/v1',
      'kind: ScheduleList',
      'items:',
      '- metadata: { name: daily, namespace: velero }',
      '  spec:',
      '    schedule: "0 2 * * *"',
      '    template:',
      '      includedNamespaces: shop',
      '',
    ].join('\n');
    expect(errorOf(() => parseManifests(list, 'schedules.yaml'))).toBe(
      'schedules.yaml:8: Schedule velero/daily: spec.template.includedNamespaces must be a list of strings, not the string "shop"',
    );
    // A dash with nothing after it is a null item, not a container: named at its own line.
    const dangling = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web, namespace: shop }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '        -',
      '',
    ].join('\n');
    expect(errorOf(() => parseManifests(dangling, 'web.yaml'))).toBe(
      'web.yaml:9: Deployment shop/web: spec.template.spec.containers[1] must be a map, not null',
    );
    // Kinds the engine does not read are not checked; an empty field is unset, not wrong.
    expect(
      parseManifests(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, labels: }\ndata: { a: 1 }\n',
        'c.yaml',
      ),
    ).toHaveLength(1);
  });

  it('rejects a label the API server would refuse at its own line, naming object, key and value', () => {
    const node = (zone: string) =>
      [
        'apiVersion: v1',
        'kind: Node',
        'metadata:',
        '  name: worker-1',
        '  labels:',
        '    kubernetes.io/os: linux',
        `    topology.kubernetes.io/zone: ${zone}`,
        '',
      ].join('\n');
    expect(parseManifests(node('eu-1a'), 'nodes.yaml')).toHaveLength(1);
    expect(errorOf(() => parseManifests(node('"eu-1a "'), 'nodes.yaml'))).toBe(
      'nodes.yaml:7: Node worker-1: label "topology.kubernetes.io/zone" has value "eu-1a " which is not a valid label value (up to 63 characters, alphanumeric at both ends; - _ . inside)',
    );
    // In a selector too, and in JSON (kubectl get -o json) as in YAML.
    const json = JSON.stringify(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          selector: { matchLabels: { 'App.io/name': 'web' } },
        },
      },
      null,
      2,
    );
    expect(errorOf(() => parseManifests(json, 'web.json'))).toMatch(
      /^web\.json:11: Deployment shop\/web: label "App\.io\/name" in spec\.selector\.matchLabels is not a valid label key \(/,
    );
  });

  it('rejects a known kind at a version the engine does not read, at the apiVersion line', () => {
    const deployment = (apiVersion: string) =>
      [
        '# the web tier',
        'kind: Deployment',
        `apiVersion: ${apiVersion}`,
        'metadata: { name: web, namespace: shop }',
        '',
      ].join('\n');
    expect(
      errorOf(() => parseManifests(deployment('apps/v9'), 'web.yaml')),
    ).toBe(
      'web.yaml:3: Deployment shop/web: apiVersion "apps/v9" is not a version this tool reads for Deployment (apps/v1)',
    );
    expect(parseManifests(deployment('apps/v1'), 'web.yaml')).toHaveLength(1);
    // An older version still served, whose fields the checks read mean the same.
    expect(
      parseManifests(
        'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: { name: web, namespace: shop }\nspec: { maxReplicas: 3 }\n',
        'hpa.yaml',
      ),
    ).toHaveLength(1);
    // Kinds the engine does not read are ignored at any version.
    expect(
      parseManifests(
        'apiVersion: apps/v9\nkind: Widget\nmetadata: { name: w }\n',
        'w.yaml',
      ),
    ).toHaveLength(1);
  });

  it('reports an alias bomb as invalid YAML instead of exhausting memory', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(errorOf(() => parseManifests(bomb, 'bomb.yaml'))).toMatch(
      /^bomb\.yaml:1: invalid YAML: /,
    );
  });
});

describe('parseManifestBytes', () => {
  /** A `kubectl get -o json` dump: 4-space indentation, keys sorted, items before kind. */
  const kubectlJson = (items: object[]) =>
    JSON.stringify(
      {
        apiVersion: 'v1',
        items,
        kind: 'List',
        metadata: { resourceVersion: '' },
      },
      null,
      4,
    );
  const pod = (name: string, extra: object = {}) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    // Multi-byte text where any string is valid (a label value must be ASCII).
    metadata: { name, namespace: 'shop', annotations: { note: 'café' } },
    spec: { containers: [{ name: 'app', image: 'x' }] },
    ...extra,
  });
  // A limit below the input's size takes the path of dumps over 512 MiB.
  const inPieces = (text: string, file = 'dump.json') =>
    parseManifestBytes(Buffer.from(text), file, 16);

  it('reads a JSON list too large for one string item by item: the same objects and lines as a whole read', () => {
    const text = kubectlJson([
      pod('a'),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ü' } },
      pod('b'),
    ]);
    expect(inPieces(text)).toEqual(parseManifests(text, 'dump.json'));
    expect(inPieces(text).map(o => o.location.line)).toEqual([4, 23, 30]);
  });

  it('gives the items of a typed list their kind, even when kind follows the items', () => {
    const text =
      '{"apiVersion":"apps/v1","items":[{"metadata":{"name":"web"}}],"kind":"DeploymentList"}';
    expect(
      inPieces(text).map(o => `${o.object.apiVersion} ${o.object.kind}`),
    ).toEqual(['apps/v1 Deployment']);
  });

  it('names the line of a wrong-typed field inside an item, as a whole read does', () => {
    const text = kubectlJson([
      pod('a'),
      pod('b', { spec: { containers: [{ name: 'app', ports: {} }] } }),
    ]);
    const expected = errorOf(() => parseManifests(text, 'dump.json'));
    expect(expected).toMatch(
      /^dump\.json:\d+: Pod shop\/b: spec\.containers\[0\]\.ports must be a list/,
    );
    expect(errorOf(() => inPieces(text))).toBe(expected);
  });

  it('reports what is not a JSON list, with the line', () => {
    expect(
      errorOf(() => inPieces('{\n  "items": [\n    {"a": 1,}\n  ]\n}')),
    ).toMatch(
      /^dump\.json:3: invalid JSON \(.*\): a file over 512 MiB is read in pieces only as a JSON kind: List/,
    );
    expect(
      errorOf(() =>
        inPieces('{"items":[],"kind":"Pod","metadata":{"name":"x"}}'),
      ),
    ).toMatch(/^dump\.json:1: a JSON object with items but kind "Pod"/);
    expect(errorOf(() => inPieces('{"items":["x"],"kind":"List"}'))).toBe(
      'dump.json:1: List.items[0]: expected a Kubernetes object, found a string',
    );
    expect(
      errorOf(() =>
        inPieces(
          '{"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}},\n[{"kind":"Pod"}]],"kind":"List"}',
        ),
      ),
    ).toBe(
      'dump.json:2: List.items[1]: expected a Kubernetes object, found a list',
    );
    expect(
      errorOf(() =>
        parseManifestBytes(
          Buffer.from('{"items":[],"kind":"List","x":"\0"}'),
          'b.json',
          16,
        ),
      ),
    ).toMatch(/^b\.json: binary content/);
  });

  it('reads YAML, small inputs and a byte order mark as before', () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\n';
    expect(parseManifestBytes(Buffer.from(yaml), 'a.yaml')).toEqual(
      parseManifests(yaml, 'a.yaml'),
    );
    const json = kubectlJson([pod('a')]);
    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(json),
    ]);
    expect(parseManifestBytes(withBom, 'dump.json', 16)).toEqual(
      parseManifests(json, 'dump.json'),
    );
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeText(Buffer.from('\uFEFFkind: Pod', 'utf8'), 'a.yaml')).toBe(
      'kind: Pod',
    );
  });

  it('decodes UTF-16 with a byte order mark (Windows PowerShell 5 redirects write it)', () => {
    const text = 'apiVersion: v1\nkind: Pod # café\n';
    const le = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(text, 'utf16le'),
    ]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeText(le, 'le.yaml')).toBe(text);
    expect(decodeText(be, 'be.yaml')).toBe(text);
    expect(
      parseManifestBytes(
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(
            'kind: Pod\napiVersion: v1\nmetadata: {name: p}\n',
            'utf16le',
          ),
        ]),
        'pod.yaml',
      ).map(o => o.object.metadata.name),
    ).toEqual(['p']);
  });

  it('names UTF-16 without a byte order mark, broken UTF-16 and UTF-32', () => {
    expect(
      errorOf(() =>
        decodeText(Buffer.from('kind: Pod\n', 'utf16le'), 'x.yaml'),
      ),
    ).toBe(
      'x.yaml: UTF-16 text without a byte order mark: save it as UTF-8 (or UTF-16 with a byte order mark)',
    );
    expect(
      errorOf(() =>
        decodeText(Buffer.from('kind: Pod\n', 'utf16le').swap16(), 'x.yaml'),
      ),
    ).toMatch(/^x\.yaml: UTF-16 text without a byte order mark/);
    expect(
      errorOf(() =>
        decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x61, 0x00]), 'x.yaml'),
      ),
    ).toBe(
      'x.yaml: not valid UTF-16LE text (it starts with a UTF-16LE byte order mark)',
    );
    expect(
      errorOf(() =>
        decodeText(Buffer.from([0xff, 0xfe, 0, 0, 0x6b, 0, 0, 0]), 'x.yaml'),
      ),
    ).toBe(
      'x.yaml: UTF-32 text, expected UTF-8 or UTF-16 (convert it: iconv -f UTF-32 -t UTF-8)',
    );
  });

  it('rejects binary content and invalid UTF-8', () => {
    expect(
      errorOf(() =>
        decodeText(
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
          'logo.png',
        ),
      ),
    ).toBe('logo.png: binary content (NUL bytes), expected YAML or JSON text');
    expect(
      errorOf(() =>
        decodeText(Buffer.from([0x6b, 0x3a, 0x20, 0xff, 0xfe]), 'latin1.yaml'),
      ),
    ).toBe('latin1.yaml: not valid UTF-8 text, expected YAML or JSON');
  });

  it('says when a file is too large for one string, rather than calling it invalid UTF-8', () => {
    const huge = Buffer.alloc(constants.MAX_STRING_LENGTH + 1, 0x20);
    expect(errorOf(() => decodeText(huge, 'dump.yaml'))).toBe(
      'dump.yaml: 512 MiB of text, more than Node.js holds in one string (at most 512 MiB), and only a JSON kind: List (kubectl get -o json) is read in pieces: split the dump into files (one per kind or namespace) and scan their folder, or read the live cluster with --kubeconfig',
    );
  });
});
