/**
 * KEDA's `cron` scaler as CREMA runs it (CREMA lists Cron as a verified scaler; https://keda.sh/docs/latest/scalers/cron/,
 * kedacore/keda pkg/scalers/cron_scaler.go): metadata `timezone` (IANA name), `start` and `end` (standard 5-field
 * cron expressions, parsed by robfig/cron/v3 `ParseStandard`), `desiredReplicas`. At each poll KEDA computes the
 * next start and the next end after now; when the next end comes first the window is active and the trigger
 * recommends `desiredReplicas`, otherwise it is inactive (0). So the window is [start, end) on the clock of
 * `timezone`. Beside a Pub/Sub trigger the higher recommendation wins (KEDA and CREMA take the max over triggers).
 *
 * Fields: minute 0–59, hour 0–23, day of month 1–31, month 1–12 (or JAN–DEC), day of week 0–6 (or SUN–SAT; 7 is
 * Sunday too). Each is `*`, `?` (day fields), a value, a range `a-b`, a list `a,b`, or a step `*∕n` / `a-b∕n` / `a∕n`.
 * Day of month and day of week, when both are restricted, match when either does (robfig/cron dayMatches, as in
 * Vixie cron). Descriptors such as `@hourly` are accepted by ParseStandard too and are expanded here.
 */

export interface CronSchedule {
  start: string;
  end: string;
  timezone: string;
  desiredReplicas: number;
}

type FieldSet = ReadonlySet<number>;
interface ParsedCron { minute: FieldSet; hour: FieldSet; dom: FieldSet; month: FieldSet; dow: FieldSet; domStar: boolean; dowStar: boolean }

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const BOUNDS: readonly (readonly [number, number, (readonly string[])?])[] = [[0, 59], [0, 23], [1, 31], [1, 12, MONTHS], [0, 7, DAYS]];
/** robfig/cron/v3 parser.go `parseDescriptor`. */
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

function atom(s: string, lo: number, names: readonly string[] | undefined): number {
  const named = names?.indexOf(s.toUpperCase()) ?? -1;
  const v = named >= 0 ? named + (lo === 1 ? 1 : 0) : /^\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(v)) throw new Error(`"${s}" is not a number`);
  return v;
}

function parseField(text: string, i: number): { set: Set<number>; star: boolean } {
  const [lo, hi, names] = BOUNDS[i]!;
  const set = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : atom(stepText, 0, undefined);
    if (!(step >= 1) || part.split('/').length > 2) throw new Error(`bad step in "${part}"`);
    let a: number;
    let b: number;
    if (range === '*' || range === '?') [a, b] = [lo, hi];
    else if (range!.includes('-')) [a, b] = range!.split('-').map((x) => atom(x, lo, names)) as [number, number];
    else [a, b] = [atom(range!, lo, names), stepText === undefined ? atom(range!, lo, names) : hi];
    if (a < lo || b > hi || a > b) throw new Error(`"${part}" is out of range ${lo}-${hi}`);
    for (let v = a; v <= b; v += step) set.add(i === 4 && v === 7 ? 0 : v);
  }
  return { set, star: text === '*' || text === '?' };
}

/** Parses a 5-field cron expression as robfig/cron ParseStandard does; throws an Error saying what is wrong. */
export function parseCron(expr: string): ParsedCron {
  const text = DESCRIPTORS[expr.trim()] ?? expr.trim();
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: "${expr}"`);
  const f = fields.map((x, i) => parseField(x, i));
  return { minute: f[0]!.set, hour: f[1]!.set, dom: f[2]!.set, month: f[3]!.set, dow: f[4]!.set, domStar: f[2]!.star, dowStar: f[4]!.star };
}

/** The error KEDA would report for an expression, or undefined when it parses. */
export function cronError(expr: string): string | undefined {
  try {
    parseCron(expr);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Whether an IANA timezone name is known (Go's time.LoadLocation; here the ICU database of the runtime). */
export function timezoneError(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone "${tz}"`;
  }
}

interface LocalMinute { minute: number; hour: number; dom: number; month: number; dow: number }

function matches(c: ParsedCron, t: LocalMinute): boolean {
  if (!c.minute.has(t.minute) || !c.hour.has(t.hour) || !c.month.has(t.month)) return false;
  // robfig/cron dayMatches: either day field restricted alone decides; both restricted → either.
  const d = c.dom.has(t.dom);
  const w = c.dow.has(t.dow);
  return c.domStar || c.dowStar ? d && w : d || w;
}

/** Offset of `tz` from UTC at `utcMs`, minutes (from the runtime's ICU data: DST included). */
function tzOffsetMinutes(fmt: Intl.DateTimeFormat, utcMs: number): number {
  const p = Object.fromEntries(fmt.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute));
  return Math.round((local - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
}

/** Offset of IANA zone `tz` from UTC at `utcMs`, minutes (0 for an unknown zone). */
export function timezoneOffsetMinutes(tz: string, utcMs: number): number {
  if (timezoneError(tz)) return 0;
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  return tzOffsetMinutes(fmt, Math.floor(utcMs / 60_000) * 60_000);
}

/** How far back the state at the first minute is looked for: one week covers every expression that repeats weekly. */
const LOOKBACK_MINUTES = 7 * 1440;

/**
 * One cron trigger evaluated minute by minute from a clock origin (UTC ms of simulated t = 0). The state of each
 * minute is memoised: active when the last start at or before it is later than the last end (KEDA's "next end
 * before next start"). Expressions are parsed once; an invalid one makes the trigger never active.
 */
export class CronWindow {
  private readonly start?: ParsedCron;
  private readonly end?: ParsedCron;
  private readonly fmt?: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly state: boolean[] = [];
  private first = -1;

  constructor(readonly schedule: CronSchedule, private readonly originUtcMs: number) {
    if (cronError(schedule.start) || cronError(schedule.end) || timezoneError(schedule.timezone)) return;
    this.start = parseCron(schedule.start);
    this.end = parseCron(schedule.end);
    this.fmt = new Intl.DateTimeFormat('en-US', { timeZone: schedule.timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  }

  /** desiredReplicas while the window is active at simulated second `tSec`, else 0. */
  desiredAt(tSec: number): number {
    return this.activeAt(Math.floor(tSec / 60 + 1e-9)) ? this.schedule.desiredReplicas : 0;
  }

  /** Whether the window is active during simulated minute `minute` (its state at the minute's start). */
  activeAt(minute: number): boolean {
    if (!this.start || !this.end) return false;
    if (this.first < 0) {
      this.first = minute;
      this.state.push(this.stateBefore(minute + 1));
    }
    if (minute < this.first) return this.stateBefore(minute + 1);
    for (let m = this.first + this.state.length; m <= minute; m++) this.state.push(this.step(m, this.state[this.state.length - 1]!));
    return this.state[minute - this.first]!;
  }

  private step(m: number, prev: boolean): boolean {
    const t = this.local(m);
    if (matches(this.end!, t)) return false;
    if (matches(this.start!, t)) return true;
    return prev;
  }

  /** The state just before `minute`: the latest start or end in the week before decides. */
  private stateBefore(minute: number): boolean {
    for (let m = minute - 1; m >= minute - LOOKBACK_MINUTES; m--) {
      const t = this.local(m);
      if (matches(this.end!, t)) return false;
      if (matches(this.start!, t)) return true;
    }
    return false;
  }

  private local(m: number): LocalMinute {
    const utcMs = this.originUtcMs + m * 60_000;
    const hourKey = Math.floor(utcMs / 3_600_000);
    let off = this.offsets.get(hourKey);
    if (off === undefined) {
      off = tzOffsetMinutes(this.fmt!, hourKey * 3_600_000);
      this.offsets.set(hourKey, off);
    }
    const d = new Date(utcMs + off * 60_000);
    return { minute: d.getUTCMinutes(), hour: d.getUTCHours(), dom: d.getUTCDate(), month: d.getUTCMonth() + 1, dow: d.getUTCDay() };
  }
}
