import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { CustomFieldDefinition, CustomFieldTarget } from '#shared/domain/custom-field';
import { useApi } from '../../api/api-context';
import { useLocale } from '../../i18n/locale';

/** The custom field definitions (GET /v1/fields), optionally those of contacts or companies only. */
export function useCustomFields(appliesTo?: CustomFieldTarget) {
  const api = useApi();
  const query = useQuery({ queryKey: ['/v1/fields'], queryFn: () => api.get<{ items: CustomFieldDefinition[] }>('/v1/fields') });
  const items = useMemo(
    () => (query.data?.items ?? []).filter((definition) => appliesTo === undefined || definition.appliesTo === appliesTo),
    [query.data, appliesTo],
  );
  return { ...query, items };
}

/** A field's (or option's) label in the user's language. */
export function useLabelOf() {
  const { locale } = useLocale();
  return useCallback((label: { de: string; en: string }) => (locale === 'de' ? label.de : label.en), [locale]);
}

/** The label of a form's custom field (`fields.<key>`) in the user's language; the key while unknown. */
export function useCustomFormFieldLabel() {
  const fields = useCustomFields('contact');
  const labelOf = useLabelOf();
  return (name: string) => {
    const key = name.slice('fields.'.length);
    const definition = fields.items.find((item) => item.key === key);
    return definition ? labelOf(definition.label) : key;
  };
}
