// The domain model: zod schemas are the one source of truth for the types.
export * from './platform';
export * from './common';
export * from './customer';
export * from './order';
export * from './capture';
export * from './profile';
export * from './match';
export * from './person';
export * from './directory';
export * from './tag';
export * from './sync';
export * from './audit';
export * from './page';
export * from './note';
export * from './order-date';
export * from './action';
export * from './team';
