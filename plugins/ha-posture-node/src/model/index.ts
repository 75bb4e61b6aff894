export * from './resources';
export * from './snapshot';
export * from './entity';
export * from './view';
export * from './checks';
export * from './evaluation';
export { apiVersionProblemOf, shapeProblemOf } from './objectShape';
export type { ShapeProblem } from './objectShape';
