/*
 * Just enough of a browser for the mock wallet's pages: read the forms and text of a page, submit a
 * form without following the redirect, and follow one redirect by hand.
 */

export interface PageForm {
  readonly method: string;
  /** Absolute, with HTML entities decoded. */
  readonly action: string;
  /** The submit button's label. */
  readonly label: string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
}

/** Every `<form>` of a page with its one submit button. */
export function formsOf(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1] ?? '';
    const method = /\bmethod="([^"]*)"/i.exec(attrs)?.[1] ?? 'get';
    const action = decodeEntities(/\baction="([^"]*)"/i.exec(attrs)?.[1] ?? '');
    const label = decodeEntities((/<button\b[^>]*>([\s\S]*?)<\/button>/i.exec(m[2] ?? '')?.[1] ?? '').trim());
    forms.push({ method: method.toUpperCase(), action: new URL(action, pageUrl).href, label });
  }
  return forms;
}

/** The text of the first element carrying `class="<className>"`, or null. */
export function textOfClass(html: string, className: string): string | null {
  const m = new RegExp(`<(\\w+)[^>]*\\bclass="${className}"[^>]*>([\\s\\S]*?)</\\1>`, 'i').exec(html);
  return m ? decodeEntities(m[2]!.replace(/<[^>]+>/g, '').trim()) : null;
}

/** Submits a form the way a browser does (urlencoded, no fields, its page's Origin), leaving any redirect to the test. */
export async function submitForm(form: PageForm): Promise<Response> {
  return fetch(form.action, {
    method: form.method,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(form.action).origin },
    body: '',
    redirect: 'manual',
  });
}

/** GET without following redirects. */
export function getManual(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}
