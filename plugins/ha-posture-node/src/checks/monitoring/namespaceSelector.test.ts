import { clusterFrom, namespace, nodes } from '../../testing';
import { namespaceSelectorMatch } from './namespaceSelector';

const objects = [...nodes('w', 1), namespace('shop', { team: 'shop' })];
const readable = clusterFrom(objects);
const forbidden = clusterFrom(objects, { fetch: { namespaces: 'forbidden' } });
const byTeam = { matchLabels: { team: 'shop' } };

describe('namespaceSelectorMatch', () => {
  it('matches the labels of a namespace that was read, with its name label', () => {
    expect(namespaceSelectorMatch(readable, byTeam, 'shop')).toBe('match');
    expect(
      namespaceSelectorMatch(
        readable,
        { matchLabels: { team: 'payments' } },
        'shop',
      ),
    ).toBe('no-match');
    expect(
      namespaceSelectorMatch(
        readable,
        { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
        'shop',
      ),
    ).toBe('match');
    expect(namespaceSelectorMatch(readable, {}, 'shop')).toBe('match');
  });

  it('is unverifiable when the selector needs labels of namespaces that cannot be read', () => {
    const match = namespaceSelectorMatch(forbidden, byTeam, 'shop');
    expect(match).toEqual({
      unverifiable: expect.stringContaining('forbidden'),
    });
  });

  it('still decides on the name label alone when namespaces cannot be read', () => {
    const byName = (values: string[]) => ({
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'In', values },
      ],
    });
    expect(namespaceSelectorMatch(forbidden, byName(['shop']), 'shop')).toBe(
      'match',
    );
    expect(namespaceSelectorMatch(forbidden, byName(['other']), 'shop')).toBe(
      'no-match',
    );
    // The name excludes the namespace whatever its other labels.
    expect(
      namespaceSelectorMatch(
        forbidden,
        { ...byName(['other']), ...byTeam },
        'shop',
      ),
    ).toBe('no-match');
    expect(namespaceSelectorMatch(forbidden, {}, 'shop')).toBe('match');
  });

  it('is unverifiable for a namespace missing from the input', () => {
    expect(namespaceSelectorMatch(readable, byTeam, 'payments')).toEqual({
      unverifiable:
        'namespace payments is not in the input, so its labels are unknown',
    });
  });
});
