import { defineConfig } from 'drizzle-kit';

// One migration stream for the whole monolith; each module keeps its tables in <domain>.tables.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./server/src/kernel/**/*.tables.ts', './server/src/modules/**/*.tables.ts'],
  out: './server/migrations',
});
