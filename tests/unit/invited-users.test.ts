import { describe, expect, it } from 'vitest';
import { invitedUsers } from '#infra/invited-users';

describe("the stack's invited users (-c users=, -c adminEmails=)", () => {
  it('reads <email>:<role> pairs, one user per address with every role named for it', () => {
    expect(invitedUsers('anna@example.de:admin, ben@example.de:sales,carla@example.de:marketer,carla@example.de:analyst', undefined)).toEqual([
      { email: 'anna@example.de', roles: ['admin'] },
      { email: 'ben@example.de', roles: ['sales'] },
      { email: 'carla@example.de', roles: ['marketer', 'analyst'] },
    ]);
  });

  it('keeps the older adminEmails as admins, first, and merges an address named in both without regard to case', () => {
    expect(invitedUsers('Anna@Example.de:sales,ben@example.de:analyst', 'anna@example.de,ops@example.de')).toEqual([
      { email: 'anna@example.de', roles: ['admin', 'sales'] },
      { email: 'ops@example.de', roles: ['admin'] },
      { email: 'ben@example.de', roles: ['analyst'] },
    ]);
  });

  it('invites nobody without either parameter', () => {
    expect(invitedUsers(undefined, undefined)).toEqual([]);
    expect(invitedUsers('', ' , ')).toEqual([]);
  });

  it('stops the synth on an unknown role, naming the entry and the roles there are', () => {
    expect(() => invitedUsers('anna@example.de:owner', undefined)).toThrow(/"anna@example.de:owner".*owner.*admin, marketer, analyst, sales/);
  });

  it('stops the synth on an entry without a role or without an address', () => {
    expect(() => invitedUsers('anna@example.de', undefined)).toThrow(/<email>:<role>/);
    expect(() => invitedUsers('anna:admin', undefined)).toThrow(/<email>:<role>/);
    expect(() => invitedUsers(undefined, 'not-an-address')).toThrow(/adminEmails/);
  });
});
