import { describe, expect, it } from 'vitest';
import { rolesOfClaim } from '#shared/http/caller';

describe('rolesOfClaim', () => {
  it('reads the groups API Gateway flattens into one string, and the array the local gateway passes', () => {
    expect(rolesOfClaim('[admin sales]')).toEqual(['admin', 'sales']);
    expect(rolesOfClaim(['marketer'])).toEqual(['marketer']);
    expect(rolesOfClaim('analyst')).toEqual(['analyst']);
  });

  it('gives no roles to a token without groups, or with groups that are not roles', () => {
    expect(rolesOfClaim(undefined)).toEqual([]);
    expect(rolesOfClaim('[]')).toEqual([]);
    expect(rolesOfClaim('[everyone admins]')).toEqual([]);
  });
});
