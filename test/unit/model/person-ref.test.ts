import { describe, expect, it } from 'vitest';
import { customerIdOf, customerRef, profileRef } from '../../../lib/model';

describe('customerIdOf', () => {
  it('gives the customer of a customer reference, with any colons in the id kept', () => {
    expect(customerIdOf(customerRef('C1'))).toBe('C1');
    expect(customerIdOf('customer:crm:42')).toBe('crm:42');
  });

  it('gives null for a captured profile, an empty id or no reference at all', () => {
    expect(customerIdOf(profileRef('instagram:janneke.vd'))).toBeNull();
    expect(customerIdOf('customer:')).toBeNull();
    expect(customerIdOf('nobody')).toBeNull();
  });
});
