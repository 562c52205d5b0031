/** Errors the user caused: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Input that cannot be read or used at all: names the file, the place and the fix. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
