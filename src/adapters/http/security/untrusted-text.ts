const CONTROL = /[\u0000-\u001f\u007f]/;

/** NUL and other control characters never reach a plugin (its store, its pages, its logs). */
export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);

/**
 * A path parameter as it was sent, decoded; null for a malformed escape, a control character or an
 * encoded `/`: a path no route can mean, so it is not found, whatever the plugin.
 */
export function decodePathParam(raw: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return hasControlCharacter(value) || value.includes('/') ? null : value;
}
