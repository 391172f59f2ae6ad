// Pure: a datetime-local value ("2026-12-03T09:00") read in a time zone, and an instant shown in one.
export function zonedToInstant(local: string, timeZone: string): Date {
  const guess = new Date(`${local}:00Z`);
  const asIfUtc = (d: Date, tz: string) => new Date(d.toLocaleString("en-US", { timeZone: tz }));
  const offset = asIfUtc(guess, timeZone).getTime() - asIfUtc(guess, "UTC").getTime();
  return new Date(guess.getTime() - offset);
}

export function formatInstant(instant: Date, timeZone: string): string {
  // The same style as platform/format-date, in the school's own zone.
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(instant);
}

/** The datetime-local value for an instant in a zone, for a form's default. */
export function instantToLocal(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
