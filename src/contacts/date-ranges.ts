/**
 * The range check every date form shares, so each names an impossible date the same way: Date.parse quietly
 * rolls 2024-02-30 over to March, and a person should hear which part is wrong.
 */

/** The first out-of-range part of a date-time, named for the message; undefined when all are real. */
export function impossibleField(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetHours = 0, offsetMinutes = 0): string | undefined {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${year}-${String(month).padStart(2, '0')} has ${days} days`;
  if (hour > 23) return `there is no hour ${hour}`;
  if (minute > 59) return `there is no minute ${minute}`;
  if (second > 59) return `there is no second ${second}`;
  if (offsetHours > 23 || offsetMinutes > 59) return 'the offset is out of range';
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
