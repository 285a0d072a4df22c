import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Campaign, Channel, CreateCampaignInput, UpdateCampaignInput } from '#shared/domain/campaign';
import { slugify } from '#shared/domain/slug';
import { useApi } from '../../api/api-context';
import { ApiProblem } from '../../api/problem';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, SelectField, TextField } from '../../components/fields';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { defineMessages, useLocale, useT } from '../../i18n/locale';
import { CHANNEL_LABELS, CHANNEL_ORDER, figureMessages } from './campaign-messages';
import { majorText, minorDigits, parseMajor } from './money-input';

const messages = defineMessages({
  en: {
    newTitle: 'New campaign',
    editTitle: 'Edit “{name}”',
    description: 'A campaign collects the leads of a fair, an ad or a mailing. Forms and imports name it; links name its code as utm_campaign.',
    code: 'Code',
    codeHint: 'What utm_campaign values match. Leave it empty for “{slug}”.',
    codeHintEmpty: 'What utm_campaign values match. Leave it empty to derive it from the name.',
    codeTaken: 'This code is already used by another campaign.',
    startsAt: 'Starts on',
    endsAt: 'Ends on',
    datesHint: 'UTC days; the cost is spread evenly over the days from start to end.',
    costHint: 'In {currency}, e.g. {example}.',
    costInvalid: 'Please enter an amount such as {example} (at most {digits} decimal places).',
    currency: 'Currency',
    create: 'Create campaign',
    save: 'Save changes',
  },
  de: {
    newTitle: 'Neue Kampagne',
    editTitle: '„{name}“ bearbeiten',
    description:
      'Eine Kampagne sammelt die Leads einer Messe, einer Anzeige oder eines Mailings. Formulare und Importe nennen sie; Links nennen ihren Code als utm_campaign.',
    code: 'Code',
    codeHint: 'Damit werden utm_campaign-Werte verglichen. Leer lassen für „{slug}“.',
    codeHintEmpty: 'Damit werden utm_campaign-Werte verglichen. Leer lassen, um ihn aus dem Namen abzuleiten.',
    codeTaken: 'Dieser Code gehört schon zu einer anderen Kampagne.',
    startsAt: 'Beginnt am',
    endsAt: 'Endet am',
    datesHint: 'UTC-Tage; die Kosten werden gleichmäßig auf die Tage von Beginn bis Ende verteilt.',
    costHint: 'In {currency}, z. B. {example}.',
    costInvalid: 'Bitte einen Betrag wie {example} eingeben (höchstens {digits} Nachkommastellen).',
    currency: 'Währung',
    create: 'Kampagne anlegen',
    save: 'Änderungen speichern',
  },
});

/** The currencies offered first; a campaign's own is added when it is another one. */
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'JPY', 'CAD', 'AUD'];

interface FormState {
  name: string;
  code: string;
  channel: Channel;
  startsOn: string;
  endsOn: string;
  cost: string;
  currency: string;
}

/** A campaign's start is the beginning of its first UTC day, its end the last second of its last one. */
const startOf = (day: string) => `${day}T00:00:00Z`;
const endOf = (day: string) => `${day}T23:59:59Z`;
const dayOf = (iso: string | undefined) => (iso ? new Date(iso).toISOString().slice(0, 10) : '');

function initialState(campaign: Campaign | undefined, locale: 'en' | 'de'): FormState {
  const currency = campaign?.currency ?? 'EUR';
  return {
    name: campaign?.name ?? '',
    code: campaign?.code ?? '',
    channel: campaign?.channel ?? 'web',
    startsOn: dayOf(campaign?.startsAt),
    endsOn: dayOf(campaign?.endsAt),
    cost: majorText(campaign?.costMinor, currency, locale),
    currency,
  };
}

/** What a create sends: everything given. */
function createBody(form: FormState, costMinor: number | undefined): CreateCampaignInput {
  return {
    name: form.name.trim(),
    channel: form.channel,
    ...(form.code.trim() ? { code: form.code.trim() } : {}),
    ...(form.startsOn ? { startsAt: startOf(form.startsOn) } : {}),
    ...(form.endsOn ? { endsAt: endOf(form.endsOn) } : {}),
    ...(costMinor !== undefined ? { costMinor } : {}),
    currency: form.currency,
  };
}

/** What a change sends: only the fields that differ from the stored campaign. */
function patchBody(campaign: Campaign, form: FormState, costMinor: number | undefined): UpdateCampaignInput {
  const patch: UpdateCampaignInput = {};
  if (form.name.trim() !== campaign.name) patch.name = form.name.trim();
  if (form.code.trim() && form.code.trim() !== campaign.code) patch.code = form.code.trim();
  if (form.channel !== campaign.channel) patch.channel = form.channel;
  if (form.startsOn && form.startsOn !== dayOf(campaign.startsAt)) patch.startsAt = startOf(form.startsOn);
  if (form.endsOn && form.endsOn !== dayOf(campaign.endsAt)) patch.endsAt = endOf(form.endsOn);
  if (costMinor !== undefined && costMinor !== campaign.costMinor) patch.costMinor = costMinor;
  if (form.currency !== campaign.currency) patch.currency = form.currency;
  return patch;
}

function CampaignForm({ campaign }: { campaign?: Campaign }) {
  const t = useT(messages);
  const c = useT(commonMessages);
  const f = useT(figureMessages);
  const { locale } = useLocale();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<FormState>(() => initialState(campaign, locale));
  const [costError, setCostError] = useState<string>();
  const example = majorText(Math.round(1250.5 * 10 ** minorDigits(form.currency)), form.currency, locale);
  const save = useMutation({
    mutationFn: async (costMinor: number | undefined): Promise<Campaign> => {
      if (!campaign) return api.send<Campaign>('POST', '/v1/campaigns', createBody(form, costMinor));
      const patch = patchBody(campaign, form, costMinor);
      return Object.keys(patch).length === 0 ? campaign : api.send<Campaign>('PATCH', `/v1/campaigns/${encodeURIComponent(campaign.id)}`, patch);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(['/v1/campaigns', saved.id], saved);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['/v1/campaigns'] }),
        queryClient.invalidateQueries({ queryKey: ['/v1/analytics/campaigns'] }),
      ]);
      await navigate(`/campaigns/${encodeURIComponent(saved.id)}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cost = parseMajor(form.cost, form.currency, locale);
    if (cost === 'invalid') {
      setCostError(t('costInvalid', { example, digits: minorDigits(form.currency) }));
      return;
    }
    setCostError(undefined);
    save.mutate(cost);
  };
  const set = (name: keyof FormState) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  const error = save.error;
  const codeError = fieldError(error, 'code') ?? (error instanceof ApiProblem && error.status === 409 ? t('codeTaken') : undefined);
  const slug = slugify(form.name);
  const currencies = CURRENCIES.includes(form.currency) ? CURRENCIES : [form.currency, ...CURRENCIES];
  return (
    <Card>
      <form onSubmit={submit} className="form-grid" noValidate>
        <FormProblem problem={error} fallback={c('fixFields')} />
        <TextField label={c('name')} value={form.name} onChange={set('name')} error={fieldError(error, 'name')} required maxLength={200} autoComplete="off" />
        <TextField
          label={`${t('code')} (${c('optional')})`}
          hint={slug ? t('codeHint', { slug }) : t('codeHintEmpty')}
          value={form.code}
          onChange={set('code')}
          error={codeError}
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField label={f('channel')} value={form.channel} onChange={set('channel')} error={fieldError(error, 'channel')}>
          {CHANNEL_ORDER.map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_LABELS[locale][channel]}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('startsAt')}
          type="date"
          hint={t('datesHint')}
          value={form.startsOn}
          onChange={set('startsOn')}
          error={fieldError(error, 'startsAt')}
        />
        <TextField label={t('endsAt')} type="date" value={form.endsOn} onChange={set('endsOn')} error={fieldError(error, 'endsAt')} />
        <TextField
          label={f('cost')}
          hint={t('costHint', { currency: form.currency, example })}
          value={form.cost}
          onChange={set('cost')}
          error={costError ?? fieldError(error, 'costMinor')}
          inputMode="decimal"
          autoComplete="off"
        />
        <SelectField label={t('currency')} value={form.currency} onChange={set('currency')} error={fieldError(error, 'currency')}>
          {currencies.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? c('saving') : campaign ? t('save') : t('create')}
          </button>
          <Link to={campaign ? `/campaigns/${encodeURIComponent(campaign.id)}` : '/campaigns'}>{c('cancel')}</Link>
        </div>
      </form>
    </Card>
  );
}

export default function CampaignEditScreen() {
  const { id } = useParams();
  const t = useT(messages);
  const api = useApi();
  const campaign = useQuery({
    queryKey: ['/v1/campaigns', id],
    queryFn: () => api.get<Campaign>(`/v1/campaigns/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
  if (id === undefined) {
    return (
      <Page title={t('newTitle')} description={t('description')}>
        <CampaignForm />
      </Page>
    );
  }
  return (
    <Page title={t('editTitle', { name: campaign.data?.name ?? '…' })} description={t('description')}>
      <QueryState query={campaign}>{(data) => <CampaignForm key={data.id} campaign={data} />}</QueryState>
    </Page>
  );
}
