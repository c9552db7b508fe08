import { session, SignedOut } from './api.js';
import { h, replace } from './dom.js';
import { currentRoute, go } from './nav.js';
import { dashboardPage } from './pages/dashboard.js';
import { incomingPage } from './pages/incoming.js';
import { orderPage } from './pages/order.js';
import { ordersPage } from './pages/orders.js';
import type { PageContext } from './pages/page.js';
import { signInPage } from './pages/sign-in.js';
import { walletsPage } from './pages/wallets.js';
import { shell } from './shell.js';
import { failure, loading } from './ui.js';

/* The console: one page at /admin/ui, its sections addressed by the hash. */

const root = document.getElementById('app')!;
let treasury: string | null = null;

async function render(): Promise<void> {
  if (!session.token()) return signInPage(root, () => void render());
  const route = currentRoute();
  const content = shell(root, { route, treasury, onSignOut: signOut });
  const p: PageContext = { content, params: route.params, path: route.path, refresh: () => void render() };
  replace(content, loading('the page'));
  try {
    const [section, id] = route.path;
    if (section === undefined) await dashboardPage(p);
    else if (section === 'orders' && id) await orderPage(p, id);
    else if (section === 'orders') await ordersPage(p);
    else if (section === 'wallets') await walletsPage(p);
    else if (section === 'incoming') await incomingPage(p);
    else replace(content, failure('There is no such page.'));
  } catch (e) {
    if (e instanceof SignedOut) return signInPage(root, () => void render(), e.why);
    replace(content, failure(`Something went wrong: ${(e as Error).message}`));
  }
}

function signOut(): void {
  session.signOut();
  go('');
  void render();
}

/** The treasury mode, from the public liveness answer: the console warns when no real money moves. */
async function loadTreasury(): Promise<void> {
  try {
    const res = await fetch('/healthz', { credentials: 'omit' });
    treasury = ((await res.json()) as { treasury?: string }).treasury ?? null;
  } catch {
    treasury = null;
  }
}

window.addEventListener('hashchange', () => void render());
replace(root, h('p', { class: 'boot' }, 'Loading the console…'));
void loadTreasury().then(render);
