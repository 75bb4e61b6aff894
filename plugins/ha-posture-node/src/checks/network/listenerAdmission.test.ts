import { hostnamesIntersect } from './listenerAdmission';

describe('hostnamesIntersect', () => {
  it.each([
    ['shop.example.com', 'shop.example.com', true],
    ['shop.example.com', 'www.example.com', false],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['shop.example.com', '*.example.com', true],
    ['*.example.com', '*.shop.example.com', true],
    ['*.example.com', '*.example.org', false],
    ['*.example.com', 'badexample.com', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(hostnamesIntersect(a, b)).toBe(expected);
  });
});
