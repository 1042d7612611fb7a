import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '@app/contracts';

export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

/**
 * The one validation policy of the platform: unknown fields are refused, values are
 * transformed to their declared types, and failures become a 400 with a field list.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validateCustomDecorators: true,
    exceptionFactory: (errors) => {
      const list = fieldErrors(errors);
      return new DomainError(400, 'VALIDATION_FAILED', `invalid input: ${list.map((f) => f.field).join(', ')}`, list);
    },
  });
}
