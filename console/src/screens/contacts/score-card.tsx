import type { ResponseOf } from '#shared/http/response-schemas';
import { Card } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { scoringMessages } from '../scoring/scoring-messages';
import '../scoring/scoring.css';

type ContactView = ResponseOf<'GET /v1/contacts/{id}'>;

const messages = defineMessages({
  en: {
    title: 'Lead score',
    score: 'Score',
    status: 'Status',
    qualified: 'Qualified on {at}',
    notQualified: 'Not qualified',
    empty: 'No points yet. Points come from the scoring rules (Settings › Lead scoring): forms, mails, orders, activities, facts.',
    when: 'When',
    what: 'What',
    now: 'Worth now',
    line: '{sign}{points} {event} {label} on {at}, decayed to {now}',
    factLine: '{sign}{points} while “{label}” holds',
    caption: 'Every point of the score, newest first',
  },
  de: {
    title: 'Lead-Score',
    score: 'Score',
    status: 'Status',
    qualified: 'Qualifiziert am {at}',
    notQualified: 'Nicht qualifiziert',
    empty: 'Noch keine Punkte. Punkte vergeben die Scoring-Regeln (Einstellungen › Lead-Scoring): Formulare, Mails, Bestellungen, Aktivitäten, Merkmale.',
    when: 'Wann',
    what: 'Was',
    now: 'Jetzt wert',
    line: '{sign}{points} {event} {label} am {at}, verfallen auf {now}',
    factLine: '{sign}{points}, solange „{label}“ gilt',
    caption: 'Jeder Punkt des Scores, neueste zuerst',
  },
});

/** The 360° page's score: the number, whether the lead is qualified, and every ledger line that explains it. */
export function ScoreCard({ view }: { view: ContactView }) {
  const t = useT(messages);
  const e = useT(scoringMessages);
  const format = useFormat();
  const sign = (points: number) => (points > 0 ? '+' : '');
  return (
    <Card title={t('title')} id="score">
      <dl className="facts">
        <dt>{t('score')}</dt>
        <dd>
          <strong>{format.number(view.contact.score)}</strong>
        </dd>
        <dt>{t('status')}</dt>
        <dd>
          {view.contact.qualifiedAt ? <span className="badge done">{t('qualified', { at: format.date(view.contact.qualifiedAt) })}</span> : t('notQualified')}
        </dd>
      </dl>
      {view.scoreLedger.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <table className="score-ledger">
          <caption className="visually-hidden">{t('caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('now')}</th>
            </tr>
          </thead>
          <tbody>
            {view.scoreLedger.map((line) => (
              <tr key={`${line.ruleId}-${line.at}-${line.label}`}>
                <td>{line.event === 'fact' ? '–' : format.date(line.at)}</td>
                <td>
                  {line.event === 'fact'
                    ? t('factLine', { sign: sign(line.points), points: line.points, label: line.label })
                    : t('line', {
                        sign: sign(line.points),
                        points: line.points,
                        event: e(line.event),
                        label: line.label,
                        at: format.date(line.at),
                        now: line.decayedTo,
                      })}
                </td>
                <td className="points">{line.decayedTo}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
