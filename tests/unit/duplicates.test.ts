import { describe, expect, it } from 'vitest';
import { DuplicateMatcher, MAX_GROUP, mailboxKey, nameCompanyKey, pairId, phoneKey } from '#shared/domain/duplicates';

describe('duplicate matching', () => {
  describe('names at a company', () => {
    it('folds umlauts, ß and case like the name search', () => {
      const key = nameCompanyKey({ firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller GmbH' });
      expect(nameCompanyKey({ firstName: 'juergen', lastName: 'WEISS', company: 'Mueller GmbH' })).toBe(key);
      expect(nameCompanyKey({ firstName: 'Jurgen', lastName: 'Weiss', company: 'muller gmbh' })).toBe(key);
    });

    it('needs first name, last name and company', () => {
      expect(nameCompanyKey({ firstName: 'Anna', lastName: 'Weiß' })).toBeUndefined();
      expect(nameCompanyKey({ lastName: 'Weiß', company: 'ACME' })).toBeUndefined();
    });

    it('keeps different people at one company apart', () => {
      expect(nameCompanyKey({ firstName: 'Anna', lastName: 'Weiß', company: 'ACME' })).not.toBe(
        nameCompanyKey({ firstName: 'Anne', lastName: 'Weiß', company: 'ACME' }),
      );
    });
  });

  describe('phones', () => {
    it('reads +49, 0049 and a national 0 as one German number', () => {
      expect(phoneKey('+49 30 1234567')).toBe('49301234567');
      expect(phoneKey('0049 (30) 123 45 67')).toBe('49301234567');
      expect(phoneKey('030/1234567')).toBe('49301234567');
      expect(phoneKey('+49 (0)30 1234-567')).toBe('49301234567');
    });

    it('keeps other countries as they are and ignores too short numbers', () => {
      expect(phoneKey('+43 1 5555555')).toBe('4315555555');
      expect(phoneKey('+43 1 5555555')).not.toBe(phoneKey('01 5555555'));
      expect(phoneKey('12-34')).toBeUndefined();
      expect(phoneKey('')).toBeUndefined();
    });
  });

  describe('mailboxes', () => {
    it('treats Gmail dots, +tags and googlemail.com as one mailbox', () => {
      expect(mailboxKey('Anna.Weiss+messe@googlemail.com')).toBe('annaweiss@gmail.com');
      expect(mailboxKey('annaweiss@gmail.com')).toBe('annaweiss@gmail.com');
    });

    it('drops +tags where the provider supports sub-addressing, but keeps dots there', () => {
      expect(mailboxKey('anna.weiss+news@outlook.com')).toBe('anna.weiss@outlook.com');
      expect(mailboxKey('annaweiss@outlook.com')).not.toBe(mailboxKey('anna.weiss@outlook.com'));
    });

    it('keeps tags and dots at other domains: they are other mailboxes there', () => {
      expect(mailboxKey('anna+news@firma.de')).toBe('anna+news@firma.de');
      expect(mailboxKey('a.weiss@firma.de')).not.toBe(mailboxKey('aweiss@firma.de'));
    });
  });

  describe('the matcher', () => {
    it('reports a pair once, with all its reasons, strongest first', () => {
      const matcher = new DuplicateMatcher();
      matcher.add({ id: 'b', email: 'anna.weiss@gmail.com', firstName: 'Anna', lastName: 'Weiß', company: 'ACME', phone: '030 1234567' });
      matcher.add({ id: 'a', email: 'annaweiss+x@googlemail.com', firstName: 'anna', lastName: 'weiss', company: 'Acme', phone: '+49 30 1234567' });
      matcher.add({ id: 'c', email: 'other@firma.de', firstName: 'Otto', lastName: 'Other', company: 'ACME' });
      expect(matcher.pairs()).toEqual([{ a: 'a', b: 'b', reasons: ['same_mailbox', 'same_phone', 'same_name_company'] }]);
      expect(matcher.checked).toBe(3);
    });

    it('lists pairs with more reasons first and finds every pair of a group', () => {
      const matcher = new DuplicateMatcher();
      matcher.add({ id: 'p1', phone: '030 111111' });
      matcher.add({ id: 'p2', phone: '+4930111111' });
      matcher.add({ id: 'p3', phone: '0049 30 111111', email: 'x@gmail.com' });
      matcher.add({ id: 'p4', email: 'x+1@gmail.com', phone: '030 111111' });
      const pairs = matcher.pairs();
      expect(pairs[0]).toEqual({ a: 'p3', b: 'p4', reasons: ['same_mailbox', 'same_phone'] });
      expect(pairs).toHaveLength(6);
    });

    it('takes a key shared by more than MAX_GROUP contacts for no sign of one person (a switchboard)', () => {
      const matcher = new DuplicateMatcher();
      for (let n = 0; n <= MAX_GROUP; n += 1) matcher.add({ id: `s${n}`, phone: '+49 89 100000' });
      expect(matcher.pairs()).toEqual([]);
    });
  });

  it('names a pair the same whichever contact comes first', () => {
    expect(pairId('b', 'a')).toBe(pairId('a', 'b'));
  });
});
