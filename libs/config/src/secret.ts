import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

/** Words of placeholder values (deploy/.env.example, documentation) that must never reach production. */
const PLACEHOLDERS = ['replace_me', 'replace-me', 'replaceme', 'example', 'changeme', 'change_me', 'change-me'];

/**
 * Estimated entropy in bits: the length times the Shannon entropy of the value's own
 * characters. It underestimates truly random strings slightly (32 random hex characters
 * give about 115) and puts repetitive ones near zero.
 */
export function entropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / length) * Math.log2(n / length);
  return perChar * length;
}

/** Why a secret is refused, or null when it is acceptable. */
export function secretProblem(value: string, minBits: number): string | null {
  const lower = value.toLowerCase();
  const placeholder = PLACEHOLDERS.find((p) => lower.includes(p));
  if (placeholder) return `is a placeholder (contains "${placeholder}"); generate a real secret`;
  const bits = entropyBits(value);
  if (bits < minBits) return `has too little entropy (about ${Math.floor(bits)} bits, at least ${minBits} needed); generate a random one`;
  return null;
}

/** A secret that is not a placeholder and has at least `minBits` of estimated entropy. */
export function IsSecret(minBits: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSecret',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      constraints: [minBits],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && secretProblem(value, minBits) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} ${typeof args?.value === 'string' ? secretProblem(args.value, minBits) : 'must be a string'}`,
      },
    });
}
