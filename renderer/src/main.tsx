// The composition root: every store is built here, once, and handed down by context.
// First: zod's configuration must be set before any schema is built (app/zod-config.ts).
import '../../app/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StoresProvider, createStores } from './state/stores';
import './styles/app.css';
import './styles/library.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const stores = createStores();
createRoot(root).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
