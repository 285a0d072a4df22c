/**
 * A CloudFormation value as readable text, to compare strings that contain references:
 * `{ Ref: 'X' }` → `<X>`, `{ 'Fn::GetAtt': ['X', 'Y'] }` → `<X.Y>`, `Fn::Join` joined. Anything
 * else (a Select, a Sub) is shown as its JSON, so an unexpected shape fails a comparison visibly.
 */
export function cloudFormationText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const intrinsic = value as Record<string, unknown>;
    if (typeof intrinsic.Ref === 'string') return `<${intrinsic.Ref}>`;
    const getAtt = intrinsic['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    const join = intrinsic['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(cloudFormationText).join(join[0]);
  }
  return JSON.stringify(value);
}
