/** Larger cert/key/CA files are not read: no real one comes near it, and it bounds memory. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
