import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, currentSession, signOut } from './api.ts';
import { lang, setLang, t } from './i18n.ts';
import { navFor } from './nav.ts';
import { Areas } from './pages/areas.ts';
import { Home } from './pages/home.ts';
import { Approvals, Audit, Employers, Workers } from './pages/lists.ts';
import { Quota } from './pages/quota.ts';
import { SignIn } from './pages/sign-in.ts';
import { UploadPage } from './pages/upload.ts';
import { UploadDetailPage } from './pages/upload-detail.ts';
import { Uploads } from './pages/uploads.ts';
import type { Me } from './types.ts';
import { ErrorView, Loading } from './ui.ts';

function useHashPath(): string {
  const read = () => location.hash.replace(/^#/, '') || '/';
  const [path, setPath] = useState(read());
  useEffect(() => {
    const on = () => setPath(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return path;
}

function route(path: string, me: Me) {
  const [, first = '', second] = path.split('/');
  switch (first) {
    case '':
      return html`<${Home} me=${me} />`;
    case 'unggahan':
      return second
        ? html`<${UploadDetailPage} key=${second} uploadId=${decodeURIComponent(second)} me=${me} />`
        : html`<${Uploads} me=${me} />`;
    case 'unggah':
      return html`<${UploadPage} me=${me} />`;
    case 'kuota':
      return html`<${Quota} me=${me} />`;
    case 'wilayah':
      return html`<${Areas} me=${me} />`;
    case 'pekerja':
      return html`<${Workers} />`;
    case 'pemberi-kerja':
      return html`<${Employers} />`;
    case 'persetujuan':
      return html`<${Approvals} me=${me} />`;
    case 'audit':
      return html`<${Audit} />`;
    default:
      return html`<div class="page"><h1>404</h1><p>${t('Halaman tidak ada.', 'No such page.')}</p></div>`;
  }
}

function whoLabel(me: Me): string {
  const role = me.desa ? `desa ${me.desa}` : me.agency ? `${t('instansi', 'agency')} ${me.agency}` : me.role;
  return `${me.email ?? ''} (${role})`;
}

function App() {
  const path = useHashPath();
  const [, setLangState] = useState(lang());
  const [signedIn, setSignedIn] = useState(currentSession() !== null);
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    if (!signedIn) return;
    api<Me>('/me').then(setMe, (e: unknown) => {
      setError(e);
      if (!currentSession()) setSignedIn(false);
    });
  }, [signedIn]);

  const switchLang = () => {
    const next = lang() === 'id' ? 'en' : 'id';
    setLang(next);
    setLangState(next);
  };
  const langButton = html`<button type="button" class="lang" onClick=${switchLang}
    aria-label=${lang() === 'id' ? 'EN — English' : 'ID — Bahasa Indonesia'}>${lang() === 'id' ? 'EN' : 'ID'}</button>`;

  if (!signedIn) {
    return html`<div class="signin-wrap">${langButton}<${SignIn} onSignedIn=${() => setSignedIn(true)} /></div>`;
  }
  if (!me)
    return html`<main class="main">${error ? html`<${ErrorView} error=${error} />` : html`<${Loading} />`}</main>`;

  const current = `/${path.split('/')[1] ?? ''}`;
  return html`<div class="shell">
    <header class="top">
      <a class="brand" href="#/">lindung</a>
      <span class="who" data-role=${me.role}>${whoLabel(me)}</span>
      ${langButton}
      <button type="button" class="signout" onClick=${() => {
        signOut();
        setMe(undefined);
        setSignedIn(false);
      }}>${t('Keluar', 'Sign out')}</button>
    </header>
    <nav class="side" aria-label=${t('Menu utama', 'Main menu')}>
      <ul>
        ${navFor(me.role).map(
          (n) => html`<li><a href=${`#${n.path}`} aria-current=${current === n.path ? 'page' : undefined}
            >${t(n.id, n.en)}</a></li>`,
        )}
      </ul>
    </nav>
    <main class="main" id="main">${route(path, me)}</main>
  </div>`;
}

document.documentElement.lang = lang();
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
