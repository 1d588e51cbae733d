import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../shared/query.ts';
import { I18nProvider } from '../shared/i18n.tsx';
import { getLang, storeLang } from '../shared/lang.ts';
import { MobileLocale } from './MobileLocale.tsx';
import { OwnerApp } from './OwnerApp.tsx';
import '../shared/fonts.css';
import './app.css';

storeLang(getLang());
const queryClient = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider onChange={() => void queryClient.invalidateQueries()}>
        <MobileLocale>
          <BrowserRouter basename="/app">
            <OwnerApp />
          </BrowserRouter>
        </MobileLocale>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
