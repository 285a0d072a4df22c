import { describe, expect, it } from 'vitest';
import { findRoute } from '#infra/functions';
import { GATED_ROUTES } from '../../console/src/roles/gated-routes';

describe('the routes the console asks before it shows a screen or a button', () => {
  it.each(Object.entries(GATED_ROUTES))("%s has the manifest's roles", (key, roles) => {
    const route = findRoute(key);
    expect(route, key).toBeDefined();
    expect(route?.roles).toEqual(roles);
  });
});
