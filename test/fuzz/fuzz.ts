/**
 * How the property tests run: a few dozen cases each by default, so that the whole set stays within a minute in CI;
 * `FUZZ_RUNS=5000` for a longer search; `FUZZ_SEED` (and `FUZZ_PATH`) to replay the failure fast-check printed.
 */
import fc from 'fast-check';
import { it } from 'vitest';

function wholeNumber(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`${name} must be a whole number, not "${value}"`);
  return Number(value);
}

const RUNS = wholeNumber('FUZZ_RUNS');
const SEED = wholeNumber('FUZZ_SEED');
const PATH = process.env.FUZZ_PATH || undefined;

/** A run of FUZZ_RUNS cases may take far longer than a test's usual minute: it is given the time it takes. */
const TIMEOUT_MS = RUNS === undefined ? 60_000 : 2 ** 31 - 1;

/**
 * A test that `check` holds for every generated value, `runs` of them unless FUZZ_RUNS says how many. A failure
 * throws fast-check's report: the shrunk counterexample, and the seed and path that replay it.
 */
export function property<T>(name: string, runs: number, values: fc.Arbitrary<T>, check: (value: T) => Promise<void>): void {
  it(
    name,
    async () => {
      await fc.assert(fc.asyncProperty(values, check), {
        numRuns: RUNS ?? runs,
        ...(SEED === undefined ? {} : { seed: SEED }),
        ...(PATH === undefined ? {} : { path: PATH }),
      });
    },
    TIMEOUT_MS,
  );
}
