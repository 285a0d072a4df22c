import { useCallback } from 'react';
import { useT } from '../../i18n/locale';
import { useCustomFields, useLabelOf } from '../fields/use-custom-fields';
import { fieldLabels } from './import-messages';
import { type ColumnMap, IGNORE_COLUMN, IMPORT_FIELDS, isCustomImportField } from './import-types';

type Target = ColumnMap[string];

/**
 * What a column can be read into: the built-in fields, then the custom fields of contacts
 * (`fields.<key>`, labelled in the user's language), then "ignore"; and the label of each target.
 */
export function useImportTargets(): { targets: Target[]; labelOf: (target: Target) => string } {
  const builtIn = useT(fieldLabels);
  const custom = useCustomFields('contact');
  const labelOfCustom = useLabelOf();
  const labelOf = useCallback(
    (target: Target) => {
      if (!isCustomImportField(target)) return builtIn(target);
      const definition = custom.items.find((item) => `fields.${item.key}` === target);
      return definition ? labelOfCustom(definition.label) : target;
    },
    [builtIn, custom.items, labelOfCustom],
  );
  const targets: Target[] = [...IMPORT_FIELDS, ...custom.items.map((item): Target => `fields.${item.key}`), IGNORE_COLUMN];
  return { targets, labelOf };
}
