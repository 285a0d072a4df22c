/** The prefix of generated export files in the uploads bucket (written by print-export-run, read through presigned URLs only). */
export const EXPORTS_PREFIX = 'exports/';
/** The object a background print export writes its CSV to. */
export const exportObjectKey = (exportId: string): string => `${EXPORTS_PREFIX}${exportId}.csv`;
