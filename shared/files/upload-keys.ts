/** The object an import's file is uploaded to in the uploads bucket (the only prefix anyone may write or read). */
export const UPLOADS_PREFIX = 'uploads/';
export const uploadObjectKey = (importId: string): string => `${UPLOADS_PREFIX}${importId}.csv`;
/** The import an uploaded object belongs to; undefined for a key outside the uploads prefix. */
export const importIdOfUploadKey = (key: string): string | undefined => /^uploads\/([\w-]{1,100})\.csv$/.exec(decodeURIComponent(key.replace(/\+/g, ' ')))?.[1];
