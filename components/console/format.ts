const numberFormat = new Intl.NumberFormat("en-US");

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** 42 → "42 seconds", 3900 → "1 hour 5 minutes", null → "nothing waiting". */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return "nothing waiting";
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return plural(s, "second");
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? plural(hours, "hour") : `${plural(hours, "hour")} ${plural(minutes % 60, "minute")}`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? plural(days, "day") : `${plural(days, "day")} ${plural(hours % 24, "hour")}`;
}
