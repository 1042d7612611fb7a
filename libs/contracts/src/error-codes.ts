/**
 * Every `code` a problem document can carry, by who answers it. `DomainError` takes only an
 * `ErrorCode`, so a code thrown anywhere must be listed here; the OpenAPI document lists them
 * (schema `ErrorCode`, with `x-codes-by-service`). A code stays once published: clients branch on it.
 */

/** Answered by the shared libs in any service, or by the gateway for any route. */
export const PLATFORM_ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'OUTSIDE_SCOPE',
  'ACCESS_UNDECLARED',
  'BAD_CURSOR',
  'DUPLICATE',
  'DATABASE_BUSY',
  'REMOTE_ERROR',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

/** The gateway: sign-in, accounts, request framing, uploads and idempotency. */
export const GATEWAY_ERROR_CODES = [
  'REPORT_FONT_MISSING',
  'UNAUTHENTICATED',
  'BAD_AUTHORIZATION',
  'BAD_TOKEN',
  'TOKEN_REVOKED',
  'BAD_API_KEY',
  'API_KEY_INACTIVE',
  'BAD_CREDENTIALS',
  'WRONG_PASSWORD',
  'FIRST_ADMIN',
  'OWN_ACCOUNT',
  'USERNAME_TAKEN',
  'USCC_REQUIRED',
  'COUNTY_REQUIRED',
  'EXPIRY_IN_PAST',
  'ORGANISATION_EXISTS',
  'ORGANISATION_MISMATCH',
  'ROLE_ORGANISATION_MISMATCH',
  'REGION_OUTSIDE_ORGANISATION',
  'UNKNOWN_ORGANISATION',
  'UNKNOWN_REGION',
  'BAD_REQUEST',
  'BAD_BODY',
  'MALFORMED_BODY',
  'METHOD_NOT_ALLOWED',
  'HTTP_ERROR',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'BAD_IDEMPOTENCY_KEY',
  'IDEMPOTENCY_IN_FLIGHT',
  'IDEMPOTENCY_KEY_REUSED',
  'BAD_SHEET',
  'BAD_ROWS',
  'SHEET_TOO_LARGE',
  'TOO_MANY_ROWS',
  'UNKNOWN_COLUMN',
  'NO_VALID_ROWS',
  'EMPTY_BATCH',
  'BATCH_TOO_LARGE',
  'EXPORT_TOO_LARGE',
] as const;

/** Outlet filing (末端网点备案), usage reports and receipts. */
export const OUTLETS_ERROR_CODES = [
  'UNKNOWN_ENTERPRISE',
  'NOT_OWN_ENTERPRISE',
  'LICENCE_NOT_VALID',
  'OUTSIDE_LICENCE_TERRITORY',
  'INVALID_PARTICULARS',
  'DATE_IN_FUTURE',
  'BEFORE_OPENING',
  'CLOSED_BEFORE_OPENING',
  'REASON_REQUIRED',
  'ALREADY_REVIEWED',
  'NO_PENDING_FILING',
  'NOTICE_ALREADY_GIVEN',
  'FILING_CHANGED',
  'NOTHING_CHANGED',
  'TOWNSHIP_CHANGED',
  'NOT_FILED',
  'OUTLET_NOT_FILED',
  'OUTLET_NOT_OPEN',
  'REGION_TOO_SMALL',
  'BAD_RANGE',
  'RANGE_TOO_LONG',
  'RECEIPT_FONT_MISSING',
  'UNKNOWN_BRANCH',
  'BRANCH_OUTSIDE_REGION',
] as const;

/** Rural delivery subsidies: programmes, centres, counts, claims and data quality. */
export const SUBSIDIES_ERROR_CODES = [
  'UNKNOWN_COUNTY',
  'BRAND_NOT_OWN',
  'PROGRAMME_EXISTS',
  'PROGRAMME_INCONSISTENT',
  'CEILING_ABOVE_POLICY',
  'CEILING_BASIS_REQUIRED',
  'CENTRE_EXISTS',
  'COUNTS_LOCKED',
  'CLAIM_PERIOD_OVERLAP',
  'CLAIM_STALE',
  'HEADROOM_SHRUNK',
  'NO_BUDGET',
  'NOTHING_TO_CLAIM',
  'NOTHING_TO_PAY',
  'PAYMENT_AMOUNT_MISMATCH',
  'ILLEGAL_TRANSITION',
  'IDEMPOTENCY_KEY_REUSED',
  'PERIOD_OUTSIDE_YEAR',
  'PERIOD_REVERSED',
  'PERIOD_TOO_LONG',
] as const;

/** The cold-chain facility registry, its operating reports and county progress. */
export const COLD_CHAIN_ERROR_CODES = [
  'OUT_OF_SCOPE',
  'UNKNOWN_REGION',
  'UNKNOWN_COUNTY',
  'OUTSIDE_SHANXI',
  'CODE_TAKEN',
  'FACILITY_EXISTS',
  'VERSION_CONFLICT',
  'TEMPERATURE_RANGE',
  'DUPLICATE_ZONE',
  'ZONE_CAPACITY',
  'GAS_CONTROL',
  'DESIGNATION_LEVEL',
  'DESIGNATION_INCOMPLETE',
  'STATUS_AT_REGISTRATION',
  'STATUS_DATE',
  'STATUS_TRANSITION',
  'STATUS_UNCHANGED',
  'DATE_IN_FUTURE',
  'PARENT_NOT_FOUND',
  'PARENT_CLOSED',
  'TIER_RULE',
  'TIER_CYCLE',
  'NOT_OPERATING',
  'MONTH_NOT_ENDED',
  'REPORT_EXISTS',
  'EXCURSION_FIGURES',
  'EXCURSION_ZONE',
  'UTILISATION_ABOVE_100',
  'PLAN_NAMED_COUNTY',
  'TOO_MANY_COUNTIES',
  'BAD_SHEET',
] as const;

/** Green packaging and emission reports (绿色包装报告). */
export const GREEN_ERROR_CODES = [
  'UNKNOWN_REGION',
  'UNKNOWN_ENTERPRISE',
  'ENTERPRISE_REQUIRED',
  'ENTERPRISE_NOT_REGISTERED',
  'PERIOD_NOT_ENDED',
  'PART_EXCEEDS_WHOLE',
  'REGION_OVERLAP',
  'QUARTERS_INCONSISTENT',
  'REPORT_ACCEPTED',
  'VERSION_CHANGED',
  'INVALID_STATE',
  'BAD_WORKBOOK',
] as const;

/** Supervision: enterprises and brands, inspections, incidents, credit, targets and read models. */
export const SUPERVISION_ERROR_CODES = [
  'UNKNOWN_REGION',
  'UNKNOWN_BRAND',
  'ENTERPRISE_EXISTS',
  'BRAND_EXISTS',
  'LICENCE_DATES',
  'LICENCE_ALREADY_REVOKED',
  'TARGET_EXISTS',
  'ILLEGAL_TRANSITION',
  'RESULT_RECORDED',
  'INCIDENT_NOT_OPEN',
  'RESOURCE_BUSY',
  'NO_CANDIDATES',
  'INSUFFICIENT_INSPECTORS',
  'BAD_RANGE',
  'REBUILD_RUNNING',
  'DUPLICATE_ENTRY',
  'STATISTIC_REJECTED',
  'ALREADY_DECIDED',
  'ALREADY_EXITED',
  'ALREADY_REPAIRED',
  'BAD_SCHEME',
  'DUE_DATE_PAST',
  'EXIT_RULE_NOT_MET',
  'NOT_A_DATA_ANOMALY',
  'NOT_OVERDUE',
  'NO_SUCH_FINDING',
  'REASON_REQUIRED',
  'REINSPECTION_DATE_REQUIRED',
  'REPAIR_PENDING',
  'ALREADY_RETURNED',
  'APPLICATION_OPEN',
  'BRANCH_EXISTS',
  'FUTURE_DATE',
  'LICENCE_ENDED',
  'MISSING_LICENCE_TERMS',
  'MISSING_LIST_REQUIRED',
  'NOTE_REQUIRED',
  'NOT_REGISTERED',
  'OUTSIDE_TERRITORY',
  'REFERENCE_REQUIRED',
  'SUBJECT_REQUIRED',
  'NOT_INSPECTABLE',
  'TERRITORY_OUTSIDE_AUTHORITY',
  'TOO_MANY_FILES',
  'WRONG_STATUS',
  'BULLETIN_FONT_MISSING',
  'NO_WEIGHT_LEFT',
  'INVALID_PLATE',
  'PLATE_REGISTERED',
  'PASS_DATE_REQUIRED',
  'OPERATOR_REQUIRED',
  'UNKNOWN_RESOURCE',
  'QUARTER_NOT_BEGUN',
] as const;

export type PlatformErrorCode = (typeof PLATFORM_ERROR_CODES)[number];
/** What each service may answer: its own codes and the platform's. */
export type GatewayErrorCode = PlatformErrorCode | (typeof GATEWAY_ERROR_CODES)[number];
export type OutletsErrorCode = PlatformErrorCode | (typeof OUTLETS_ERROR_CODES)[number];
export type SubsidiesErrorCode = PlatformErrorCode | (typeof SUBSIDIES_ERROR_CODES)[number];
export type ColdChainErrorCode = PlatformErrorCode | (typeof COLD_CHAIN_ERROR_CODES)[number];
export type GreenErrorCode = PlatformErrorCode | (typeof GREEN_ERROR_CODES)[number];
export type SupervisionErrorCode = PlatformErrorCode | (typeof SUPERVISION_ERROR_CODES)[number];

/** Any code a problem document can carry. */
export type ErrorCode = GatewayErrorCode | OutletsErrorCode | SubsidiesErrorCode | ColdChainErrorCode | GreenErrorCode | SupervisionErrorCode;

/** The codes by who answers them, as the OpenAPI document lists them. */
export const ERROR_CODES_BY_SERVICE = {
  platform: PLATFORM_ERROR_CODES,
  gateway: GATEWAY_ERROR_CODES,
  outlets: OUTLETS_ERROR_CODES,
  subsidies: SUBSIDIES_ERROR_CODES,
  'cold-chain': COLD_CHAIN_ERROR_CODES,
  green: GREEN_ERROR_CODES,
  supervision: SUPERVISION_ERROR_CODES,
} as const satisfies Record<string, readonly ErrorCode[]>;

/** Every code once, sorted. */
export const ERROR_CODES: readonly ErrorCode[] = [...new Set<ErrorCode>(Object.values(ERROR_CODES_BY_SERVICE).flat())].sort();
