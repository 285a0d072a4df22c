import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { importMessages } from './import-messages';
import type { ImportRejection } from './import-types';
import './imports.css';

/** Rejected rows by their row number in the file (the header is row 1) with the API's reason. */
export function RejectedRowsTable({ rows, caption }: { rows: ImportRejection[]; caption: string }) {
  const t = useT(importMessages);
  const format = useFormat();
  if (rows.length === 0) return <p className="muted">{t('noRejected')}</p>;
  return (
    <table className="rejected-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            {t('row')}
          </th>
          <th scope="col">{t('reason')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((rejection) => (
          <tr key={rejection.row}>
            <td className="num">{format.number(rejection.row)}</td>
            <td className="wrap">{rejection.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
