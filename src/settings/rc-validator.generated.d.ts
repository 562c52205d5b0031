// Types of the module scripts/gen-validators.mjs writes at build time (dist/src/settings/rc-validator.generated.js).
export interface RcValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export declare const validateRc: ((data: unknown) => boolean) & { errors?: RcValidationError[] | null };
