import Router from '@koa/router';
import type { RequestState } from '../middleware/request-context.js';
import type { OpenApiDocument } from './build-openapi.js';
import { renderDocsPage } from './docs-page.js';

/** `GET /openapi.json` (the document) and `GET /docs` (the same, rendered on the server for people). */
export function openApiRoutes(document: () => OpenApiDocument): Router<RequestState> {
  const router = new Router<RequestState>();
  let page: string | null = null;
  router.get('/openapi.json', (ctx) => {
    ctx.body = document();
  });
  router.get('/docs', (ctx) => {
    page ??= renderDocsPage(document());
    ctx.type = 'html';
    ctx.body = page;
  });
  return router;
}
