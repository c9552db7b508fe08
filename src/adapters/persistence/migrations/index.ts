import { M001InitialSchema } from './m001-initial-schema.js';

/** Listed explicitly: MikroORM's folder discovery needs Node 22, and an explicit list is ordered by design. */
export const MIGRATIONS = [{ name: 'M001InitialSchema', class: M001InitialSchema }];
