import { ValueTransformer } from 'typeorm';

/** bigint and numeric columns read as numbers (pg hands them over as strings). */
export const asNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
