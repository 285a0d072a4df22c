/** `Leadflow <news@example.de>` → `news@example.de`: the form SES identities and IAM's ses:FromAddress use. */
export function bareAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
