import { z } from 'zod';

/**
 * A zod schema as an OpenAPI 3.1 schema object (JSON Schema 2020-12). Requests are described as
 * they are sent (`input`: before transforms), answers as they are written (`output`).
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Record<string, unknown>;
  return rest;
}
