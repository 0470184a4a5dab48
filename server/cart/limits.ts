/** Cart limits, in a module of their own so client components can import them. */
export const MAX_QUANTITY_PER_LINE = 20;
export const MAX_LINES = 50;
