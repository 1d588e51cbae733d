import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../shared/query.ts';
import { I18nProvider } from '../shared/i18n.tsx';
import { storeLang, getLang } from '../shared/lang.ts';
import { Theme } from './app/Theme.tsx';
import { App } from './app/App.tsx';
import '../shared/fonts.css';
import './console.css';

storeLang(getLang());
const queryClient = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider onChange={() => void queryClient.invalidateQueries()}>
        <Theme>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </Theme>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
