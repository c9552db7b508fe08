/* How values are shown. Amounts stay strings: they are trimmed and split as text, never turned into numbers. */

/** "10.00000000" → "10.00", "0.00100000" → "0.001": trailing zeros go, two decimals stay. */
export function amount(text: string | null | undefined): string {
  if (text === null || text === undefined) return '—';
  const m = /^(-?\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return text;
  const decimals = (m[2] ?? '').replace(/0+$/, '').padEnd(2, '0');
  return `${groupThousands(m[1]!)}.${decimals}`;
}

function groupThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A fee rate ("0.01", a fraction) as a percentage ("1 %"), by moving the decimal point in the text. */
export function percent(rate: string): string {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(rate);
  if (!m) return rate;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const int = `${m[1]!}${frac.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return `${int}${rest ? `.${rest}` : ''} %`;
}

/** A time in the operator's zone, as 2031-03-01 18:00:05; the exact instant goes in the element's title. */
export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86400)} d ${Math.floor((seconds % 86400) / 3600)} h`;
}

/** "awaiting_payment" → "Awaiting payment". */
export function label(code: string): string {
  const words = code.replaceAll('_', ' ').replace(/\bmixpay\b/g, 'MixPay');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The tone of a status badge: what it asks of the operator. */
export function tone(code: string): 'ok' | 'attention' | 'progress' | 'neutral' | 'mixpay' | 'warn' {
  switch (code) {
    case 'settled':
    case 'refunded':
    case 'succeeded':
    case 'done':
    case 'active':
    case 'taking orders':
      return 'ok';
    case 'settlement_failed':
    case 'needs_review':
    case 'failed':
    case 'unmatched':
    case 'mismatch':
    case 'tripped':
    case 'broken':
    case 'missing':
    case 'incompatible':
    case 'invalid_settings':
    case 'low':
      return 'attention';
    case 'refunded_by_mixpay':
    case 'refund_applied':
      return 'mixpay';
    case 'paused':
      return 'warn';
    case 'expired':
    case 'duplicate':
    case 'disabled':
      return 'neutral';
    default:
      return 'progress';
  }
}
