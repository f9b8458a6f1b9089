// Times on the technician's screens: stored in UTC, shown as the kiosk's wall clock (Asia/Shanghai).

/** A stored UTC time as the kiosk's wall clock shows it, date and time. */
export function shanghaiTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** Only the clock time (for today's leases). */
export function shanghaiClock(iso: string): string {
  return new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
