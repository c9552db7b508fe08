import type { OpenApiDocument } from './build-openapi.js';

/*
 * GET /docs: the OpenAPI document rendered on the server as one plain HTML page, so people can
 * read it without a viewer: no scripts (the page CSP forbids them), nothing loaded from elsewhere.
 */

type Json = Record<string, unknown>;

const escape = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #222; }
h1 { margin-bottom: 0 } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem }
section.op { border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem }
.method { display: inline-block; min-width: 4rem; font-weight: 700; text-transform: uppercase }
.get { color: #0a6 } .post { color: #06c } .put, .patch { color: #a60 } .delete { color: #c22 }
code, .path { font-family: ui-monospace, monospace } .path { font-weight: 600 }
.lock { color: #a60; font-size: .85rem } table { border-collapse: collapse; margin: .3rem 0 }
td, th { border: 1px solid #e2e2e2; padding: .2rem .5rem; text-align: left; vertical-align: top; font-size: .9rem }
th { background: #f6f6f6 } .muted { color: #666 } nav a { margin-right: 1rem }`;

/** The whole page. */
export function renderDocsPage(doc: OpenApiDocument): string {
  const info = doc.info as Json;
  const tags = (doc.tags as { name: string; description: string }[]) ?? [];
  const sections = tags
    .map((tag) => {
      const ops = operationsTagged(doc, tag.name);
      if (ops.length === 0) return '';
      return `<h2 id="${escape(tag.name)}">${escape(tag.name)}</h2><p class="muted">${escape(tag.description)}</p>${ops.join('')}`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title><style>${STYLE}</style></head>
<body><h1>${escape(info.title)}</h1><p class="muted">OpenAPI ${escape(doc.openapi)} · API ${escape(info.version)} ·
<a href="/openapi.json">openapi.json</a></p><p>${escape(info.description)}</p>
<nav>${tags.map((t) => `<a href="#${escape(t.name)}">${escape(t.name)}</a>`).join('')}</nav>${sections}</body></html>`;
}

function operationsTagged(doc: OpenApiDocument, tag: string): string[] {
  const out: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if ((op.tags as string[]).includes(tag)) out.push(operation(path, method, op));
    }
  }
  return out;
}

function operation(path: string, method: string, op: Json): string {
  const lock = op.security ? ' <span class="lock">🔒 admin token</span>' : '';
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = op.requestBody as { content: Record<string, { schema: Json }> } | undefined;
  const responses = Object.entries(op.responses as Record<string, Json>);
  return `<section class="op" id="${escape(op.operationId)}">
<div><span class="method ${escape(method)}">${escape(method)}</span> <span class="path">${escape(path)}</span>${lock}</div>
<p><strong>${escape(op.summary)}</strong></p>${op.description ? `<p>${escape(op.description)}</p>` : ''}
${params.length ? `<h4>Parameters</h4>${parameterTable(params)}` : ''}
${body ? requestBody(body.content) : ''}
<h4>Answers</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>
${responses.map(([status, r]) => responseRow(status, r)).join('')}</table>
</section>`;
}

function requestBody(content: Record<string, { schema: Json }>): string {
  const types = Object.keys(content).map(escape).join(', ');
  return `<h4>Body <span class="muted">(${types})</span></h4>${schema(Object.values(content)[0]!.schema)}`;
}

function parameterTable(params: Json[]): string {
  const rows = params.map((p) => {
    const s = p.schema as Json;
    return `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'required' : 'optional'}</td>
<td>${typeName(s)}</td><td>${escape(p.description ?? s.description ?? '')}</td></tr>`;
  });
  return `<table><tr><th>name</th><th>in</th><th></th><th>type</th><th>meaning</th></tr>${rows.join('')}</table>`;
}

function responseRow(status: string, r: Json): string {
  const content = r.content as Record<string, { schema: Json }> | undefined;
  const [type, media] = content ? Object.entries(content)[0]! : [null, null];
  const plainText = media?.schema.type === 'string' && type !== 'application/json';
  const body = media ? `<span class="muted">${escape(type)}</span>${plainText ? '' : schema(media.schema)}` : '';
  return `<tr><td>${escape(status)}</td><td>${escape(r.description)}</td><td>${body}</td></tr>`;
}

/** A schema as nested tables of fields (objects), "one of" lists (unions) or a type name. */
function schema(s: Json): string {
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const options = (s.anyOf ?? s.oneOf) as Json[];
    const about = s.description ? `<p class="muted">${escape(s.description)}</p>` : '';
    return `${about}one of:<ol>${options.map((o) => `<li>${schema(o)}</li>`).join('')}</ol>`;
  }
  if (s.type === 'array' && s.items && typeof s.items === 'object') return `array of ${schema(s.items as Json)}`;
  const properties = s.properties as Record<string, Json> | undefined;
  if (!properties) return typeName(s);
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties).map(
    ([name, p]) =>
      `<tr><td><code>${escape(name)}</code></td><td>${required.has(name) ? 'required' : 'optional'}</td>
<td>${isComposite(p) ? schema(p) : typeName(p)}</td><td>${escape(p.description ?? '')}</td></tr>`,
  );
  return `<table><tr><th>field</th><th></th><th>type</th><th>meaning</th></tr>${rows.join('')}</table>`;
}

const isComposite = (s: Json): boolean => Boolean(s.properties || s.anyOf || s.oneOf || (s.type === 'array' && s.items));

/** `string ≤ 200`, `"settle" | "refund"`, `string | number`, `0`… */
function typeName(s: Json): string {
  if (s.const !== undefined) return `<code>${escape(JSON.stringify(s.const))}</code>`;
  if (Array.isArray(s.enum)) return s.enum.map((v) => `<code>${escape(JSON.stringify(v))}</code>`).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? 'any');
  const bounds = [s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : '', s.pattern ? `pattern <code>${escape(s.pattern)}</code>` : '']
    .filter(Boolean)
    .join(', ');
  const first = Array.isArray(s.examples) && s.examples.length > 0 ? s.examples[0] : undefined;
  const example = first === undefined ? '' : ` <span class="muted">e.g. <code>${escape(first)}</code></span>`;
  return `${escape(type)}${bounds ? ` <span class="muted">(${bounds})</span>` : ''}${example}`;
}
