// Prints vitest's JSON results as the plain "N passed, N failed" line CI reads.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let results: { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numTotalTestSuites: number; testResults: { status: string }[] };
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.log('0 passed, 1 failed');
  console.error(`test-summary: no vitest results in ${file}: ${(err as Error).message}`);
  process.exit(1);
}
// A suite that failed to load counts as a failure even though it ran no test.
const brokenFiles = results.testResults.filter((t) => t.status === 'failed').length;
const failed = results.numFailedTests + (results.numFailedTests === 0 ? brokenFiles : 0);
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || results.numPassedTests === 0 ? 1 : 0);
