import escapeHtml from 'escape-html';

/** One line of a digest: a task with where it is about and its link into the console. */
export interface DigestLine {
  title: string;
  dueAt: string;
  overdue: boolean;
  subjectName: string;
  /** The contact's or company's page in the console. */
  url: string;
  /** The team it is assigned to, when it is not the user's own. */
  team?: string;
}

const COPY = {
  de: {
    subject: (due: number, overdue: number) => `Ihre Aufgaben heute: ${due} fällig${overdue ? `, davon ${overdue} überfällig` : ''}`,
    greeting: (name: string) => `Guten Morgen ${name},`,
    intro: 'diese Aufgaben sind heute fällig oder überfällig:',
    overdue: 'überfällig',
    due: 'fällig',
    team: (team: string) => `Team ${team}`,
    all: 'Alle Aufgaben',
    footer: 'Sie erhalten diese Übersicht jeden Morgen, an dem Aufgaben fällig sind. Abbestellen: in der Konsole unter „Aufgaben“.',
  },
  en: {
    subject: (due: number, overdue: number) => `Your tasks today: ${due} due${overdue ? `, ${overdue} of them overdue` : ''}`,
    greeting: (name: string) => `Good morning ${name},`,
    intro: 'these tasks are due today or overdue:',
    overdue: 'overdue',
    due: 'due',
    team: (team: string) => `team ${team}`,
    all: 'All tasks',
    footer: 'You get this summary every morning tasks are due. To turn it off, go to "Tasks" in the console.',
  },
} as const;

/** The morning digest of one user: overdue tasks first, then today's, each with its link, in the user's language and time zone. */
export function renderTaskDigest(input: { name: string; locale: 'de' | 'en'; timeZone: string; lines: readonly DigestLine[]; tasksUrl: string }): {
  subject: string;
  html: string;
  text: string;
} {
  const copy = COPY[input.locale];
  const time = new Intl.DateTimeFormat(input.locale === 'de' ? 'de-DE' : 'en-GB', { timeZone: input.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const overdue = input.lines.filter((line) => line.overdue).length;
  const subject = copy.subject(input.lines.length, overdue);
  const describe = (line: DigestLine) =>
    `${line.overdue ? copy.overdue : copy.due} ${time.format(new Date(line.dueAt))} · ${line.subjectName}${line.team ? ` · ${copy.team(line.team)}` : ''}`;
  const text = [
    copy.greeting(input.name),
    '',
    copy.intro,
    '',
    ...input.lines.flatMap((line) => [`- ${line.title} (${describe(line)})`, `  ${line.url}`]),
    '',
    `${copy.all}: ${input.tasksUrl}`,
    '',
    copy.footer,
  ].join('\n');
  const items = input.lines
    .map((line) => `<li><a href="${escapeHtml(line.url)}">${escapeHtml(line.title)}</a> <span>(${escapeHtml(describe(line))})</span></li>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>${escapeHtml(copy.greeting(input.name))}</p>
<p>${escapeHtml(copy.intro)}</p>
<ul>
${items}
</ul>
<p><a href="${escapeHtml(input.tasksUrl)}">${escapeHtml(copy.all)}</a></p>
<p style="color:#555;font-size:0.9em">${escapeHtml(copy.footer)}</p>
</body></html>`;
  return { subject, html, text };
}
