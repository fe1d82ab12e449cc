import type { DoctorCheck } from './checks.js';

/** doctor's output: one aligned line per check, then one line that sums up. Pure. */

const LEVEL_WIDTH = 6;
const NAME_WIDTH = 12;

export function checkLine(check: DoctorCheck): string {
  return `${check.level.padEnd(LEVEL_WIDTH)}${check.name.padEnd(NAME_WIDTH)}${check.text}`;
}

/** "all 5 checks passed", "5 checks passed, 1 with a warning", "1 failed: fix the FAIL lines and run doctor again (exit 3)". */
export function summaryLine(checks: readonly DoctorCheck[], exitCode: number): string {
  const count = (level: DoctorCheck['level']) => checks.filter((check) => check.level === level).length;
  const failed = count('FAIL');
  const warned = count('warn');
  const skipped = count('skip');
  if (failed > 0) {
    const notChecked = skipped > 0 ? `, ${skipped} not checked` : '';
    return `doctor: ${failed} of ${checks.length} checks failed${notChecked}: fix what the FAIL line${failed > 1 ? 's say' : ' says'} and run doctor again (exit ${exitCode}).`;
  }
  const passed = count('ok') + warned;
  if (warned > 0) return `doctor: ${passed} checks passed, ${warned} with a warning: the API can be used; see the warn line${warned > 1 ? 's' : ''}.`;
  return `doctor: all ${passed} checks passed: ready to import and export.`;
}

export function doctorReport(checks: readonly DoctorCheck[], exitCode: number): string {
  return `${[...checks.map(checkLine), summaryLine(checks, exitCode)].join('\n')}\n`;
}
