/** A rating of 1–5 as five filled or empty stars. */
export const stars = (rating: number) => "★".repeat(rating) + "☆".repeat(5 - rating);
