// The About box (Help › About Marginalia, menuCommand 'about'): the app's
// version, the runtime's versions, and the third-party packages bundled into
// the app with their licences (getAbout), each licence's text fetched when it
// is opened (getLicenseText). A Modal: Escape or Close closes it.
import { useEffect, useId, useMemo, useState } from 'react';
import type { AboutInfo, LicenseEntry } from '../../../app/ipc/contract';
import { call } from '../bridge/client';
import { filterLicenses } from './license-filter';
import { Modal } from './Modal';
import './AboutDialog.css';

export interface AboutDialogProps {
  onClose(): void;
}

type TextState = { state: 'loading' } | { state: 'done'; text: string | null } | { state: 'error'; message: string };

const keyOf = (p: LicenseEntry) => `${p.name}@${p.version}`;

function runtimeLine(info: AboutInfo): string {
  const parts = [
    info.electron ? `Electron ${info.electron}` : null,
    info.chrome ? `Chromium ${info.chrome}` : null,
    `Node.js ${info.node}`,
  ].filter(Boolean);
  return parts.join(' · ');
}

export function AboutDialog({ onClose }: AboutDialogProps) {
  const [info, setInfo] = useState<AboutInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [texts, setTexts] = useState<Record<string, TextState>>({});
  const ids = useId();

  // Start in the search field (the Modal focuses the first field).
  useEffect(() => {
    let live = true;
    call('getAbout', {}).then(
      (about) => live && setInfo(about),
      (e: unknown) => live && setLoadError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, []);

  const shown = useMemo(() => filterLicenses(info?.licenses ?? [], query), [info, query]);

  // Keep an opened package's details (and its licence, once loaded) in view.
  const openText = open ? texts[open] : undefined;
  useEffect(() => {
    if (open) document.getElementById(`${ids}-${open}`)?.scrollIntoView({ block: 'nearest' });
  }, [ids, open, openText]);

  const toggle = (p: LicenseEntry) => {
    const key = keyOf(p);
    if (open === key) {
      setOpen(null);
      return;
    }
    setOpen(key);
    if (!p.hasText || texts[key]) return;
    setTexts((t) => ({ ...t, [key]: { state: 'loading' } }));
    call('getLicenseText', { name: p.name, version: p.version }).then(
      (r) => setTexts((t) => ({ ...t, [key]: { state: 'done', text: r.text } })),
      (e: unknown) => setTexts((t) => ({ ...t, [key]: { state: 'error', message: (e as Error).message } })),
    );
  };

  const total = info?.licenses.length ?? 0;

  return (
    <Modal className="mg-about" labelledBy={`${ids}-title`} onClose={onClose}>
      <div className="mg-about-head">
        <h2 id={`${ids}-title`}>
          {info?.name ?? 'Marginalia'} <span className="mg-about-version">{info ? `version ${info.version}` : ''}</span>
        </h2>
        <p className="mg-about-tagline">Annotate news articles offline: entities, claims, datasets.</p>
        {info ? <p className="mg-about-runtime">{runtimeLine(info)}</p> : null}
      </div>

      <div className="mg-about-body">
        {loadError ? (
          <p role="alert" className="mg-about-problem">
            Could not load the About information: {loadError}
          </p>
        ) : null}
        {info?.problem ? (
          <p role="alert" className="mg-about-problem">
            {info.problem}
          </p>
        ) : null}

        <h3 id={`${ids}-libs`}>Third-party software</h3>
        <div className="mg-about-search">
          <input
            type="search"
            placeholder="Search packages or licences"
            aria-label="Search packages or licences"
            aria-controls={`${ids}-list`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <span className="mg-about-count" aria-live="polite">
            {info ? (query ? `${shown.length} of ${total} packages` : `${total} packages`) : 'Loading…'}
          </span>
        </div>

        <ul id={`${ids}-list`} className="mg-about-list" aria-labelledby={`${ids}-libs`}>
          {shown.map((p) => {
            const key = keyOf(p);
            const expanded = open === key;
            const t = texts[key];
            return (
              <li key={key} className={expanded ? 'is-open' : undefined}>
                <button type="button" aria-expanded={expanded} aria-controls={`${ids}-${key}`} onClick={() => toggle(p)}>
                  <span className="mg-about-name">{p.name}</span>
                  <span className="mg-about-pkgversion">{p.version}</span>
                  <span className="mg-about-license">{p.license}</span>
                </button>
                {expanded ? (
                  <div id={`${ids}-${key}`} className="mg-about-detail">
                    {p.repository ? <p className="mg-about-repo">{p.repository}</p> : null}
                    {p.note ? <p className="mg-about-note">{p.note}</p> : null}
                    {!p.hasText ? (
                      <p className="mg-about-note">This package ships no licence file; its licence is {p.license}.</p>
                    ) : !t || t.state === 'loading' ? (
                      <p className="mg-about-note">Loading the licence…</p>
                    ) : t.state === 'error' ? (
                      <p role="alert" className="mg-about-problem">
                        {t.message}
                      </p>
                    ) : (
                      <pre tabIndex={0} role="region" aria-label={`Licence of ${p.name}`}>
                        {t.text ?? `No licence text; its licence is ${p.license}.`}
                      </pre>
                    )}
                  </div>
                ) : null}
              </li>
            );
          })}
          {info && shown.length === 0 ? <li className="mg-about-empty">No package matches “{query}”.</li> : null}
        </ul>
      </div>

      <div className="mg-about-foot">
        <button type="button" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
