import type { ValueTransformer } from 'typeorm';

/**
 * A bigint or numeric column read as a JS number: PostgreSQL hands them over as strings.
 * For figures that fit a double exactly enough (counts, amounts with a few decimals).
 */
export const asNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
