import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/** The console's browser code and page, as the broker serves them. */
export interface ConsoleAsset {
  readonly type: string;
  readonly body: string;
}

const WEB = new URL('./web/', import.meta.url);

/**
 * The console is TypeScript modules under web/, bundled into one ES module on first use and kept
 * in memory: nothing to build before `npm start`, no stale build to serve, no CDN.
 */
async function load(): Promise<Record<'html' | 'js' | 'css', ConsoleAsset>> {
  const [html, css, bundle] = await Promise.all([
    readFile(new URL('index.html', WEB), 'utf8'),
    readFile(new URL('console.css', WEB), 'utf8'),
    build({
      entryPoints: [new URL('main.ts', WEB).pathname],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      minify: false,
      legalComments: 'none',
      logLevel: 'silent',
      tsconfig: new URL('tsconfig.json', WEB).pathname,
    }),
  ]);
  return {
    html: { type: 'text/html; charset=utf-8', body: html },
    css: { type: 'text/css; charset=utf-8', body: css },
    js: { type: 'text/javascript; charset=utf-8', body: bundle.outputFiles[0]!.text },
  };
}

let assets: ReturnType<typeof load> | null = null;

export function consoleAssets(): ReturnType<typeof load> {
  assets ??= load().catch((e: unknown) => {
    assets = null; // a failed build is tried again on the next request, not cached
    throw e;
  });
  return assets;
}
