/**
 * The browser journeys in a given file order, to replay a CI run's order (vitest otherwise runs
 * failed and slow files first): E2E_ORDER=service-loop,billing.e2e,discounts npx vitest run --config e2e/vitest.ordered.config.ts
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.ts';

const order = (process.env.E2E_ORDER ?? '').split(',');
class Ordered extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    // files not named run after the named ones
    const rank = (f: TestSpecification) => {
      const i = order.findIndex((o) => o && f.moduleId.includes(`/e2e/${o}`));
      return i < 0 ? order.length : i;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}
export default mergeConfig(base, defineConfig({ test: { sequence: { sequencer: Ordered } } }));
