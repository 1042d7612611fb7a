import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { provincePattern } from './province.js';
import { usccProblem } from './uscc.js';

/** Validates a unified social credit code, check character included (GB 32100-2015). */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && usccProblem(value) === null,
        defaultMessage: (args: ValidationArguments) => `${args.property} is not a valid unified social credit code: ${usccProblem(String(args.value))}`,
      },
    });
  };
}

/** A business date `YYYY-MM-DD` that exists on the calendar. */
export function IsBusinessDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isBusinessDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be a date YYYY-MM-DD`,
      },
    });
  };
}

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today's business date in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The province (PROVINCE_CODE), a city (4 digits) or county (6 digits) of it: an administrative scope. */
export const SCOPE_REGION_CODE = provincePattern('(\\d{2}|\\d{4})?');

/** Any statistical division code of the province: province, city, county, township (9) or village (12). */
export const PROVINCE_REGION_CODE = provincePattern('(\\d{2}|\\d{4}|\\d{7}|\\d{10})?');
