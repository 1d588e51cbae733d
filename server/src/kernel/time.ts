/** Business dates are Asia/Shanghai (UTC+8, no DST). */
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD of the instant in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return fmt.format(at);
}

/** The UTC instant of midnight (00:00) Asia/Shanghai on a YYYY-MM-DD date. */
export function shanghaiMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

const minuteFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' });

/** "2026/11/25 09:48": the instant to the minute in Asia/Shanghai, for messages people read. */
export function shanghaiMinute(at: Date): string {
  return minuteFmt.format(at);
}
