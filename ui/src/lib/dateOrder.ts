import type { DateOrder } from "./api";

/** The date order of `locale` (a BCP 47 tag such as `en-GB`): whether its
 *  short dates put the month before the day. A first guess for a new vault. */
export function localeDateOrder(locale: string): DateOrder {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(
      new Date(2012, 4, 4),
    );
  } catch {
    return "month_first";
  }
  const at = (t: string) => parts.findIndex((p) => p.type === t);
  return at("month") < at("day") ? "month_first" : "day_first";
}
