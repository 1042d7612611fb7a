import type { PolicyTargetDto, TargetRefDto } from '@app/contracts';

/** A policy target as an indicator or evaluation cites it: `benchmark` when it is another region's (标杆), shown for comparison only. */
export function targetRef(t: PolicyTargetDto, benchmark: boolean): TargetRefDto {
  return {
    id: t.id,
    key: t.key,
    regionCode: t.regionCode,
    year: t.year,
    op: t.op,
    value: t.value,
    unit: t.unit,
    document: t.document,
    clause: t.clause,
    quote: t.quote,
    benchmark,
  };
}
