import { describe, expect, it } from 'vitest';
import { createTemplateSchema, mergeFieldsOf, renderTemplate, textFromHtml } from '#shared/domain/template';
import { parseWith } from '#shared/http/validate';

const template = {
  subject: 'Neues für {{firstName|Sie}}',
  html: '<p>Hallo {{ firstName | zusammen }},</p><p>{{company}}</p><p><a href="{{unsubscribeUrl}}">Abmelden</a></p>',
};

describe('mail templates', () => {
  it('merges values, escaping them in HTML and using fallbacks for empty ones', () => {
    const mail = renderTemplate(template, { firstName: 'Jürgen', company: '<b>Müller & Söhne</b>', unsubscribeUrl: 'https://x.example/u?t=a"b' });
    expect(mail.subject).toBe('Neues für Jürgen');
    expect(mail.html).toContain('<p>Hallo Jürgen,</p>');
    expect(mail.html).toContain('&lt;b&gt;Müller &amp; Söhne&lt;/b&gt;');
    expect(mail.html).toContain('href="https://x.example/u?t=a&quot;b"');
    expect(renderTemplate(template, { firstName: '' }).subject).toBe('Neues für Sie');
    expect(renderTemplate(template, {}).html).toContain('Hallo zusammen,');
  });

  it('never lets a value break the subject line into headers', () => {
    expect(renderTemplate({ ...template, subject: 'Hi {{firstName}}' }, { firstName: 'Eve\r\nBcc: all@example.com' }).subject).toBe(
      'Hi Eve Bcc: all@example.com',
    );
  });

  it('derives a text part from the HTML when none is given, with the links written out', () => {
    const mail = renderTemplate(template, { firstName: 'Anna', unsubscribeUrl: 'https://x.example/u' });
    expect(mail.text).toContain('Hallo Anna,');
    expect(mail.text).toContain('Abmelden [https://x.example/u]');
    expect(mail.text).not.toContain('<');
    expect(textFromHtml('<h1>Titel</h1><ul><li>eins</li></ul>')).toMatch(/TITEL[\s\S]*eins/);
  });

  it('uses a given text part as it is, values unescaped', () => {
    const mail = renderTemplate({ ...template, text: 'Hallo {{company}}! Abmelden: {{unsubscribeUrl}}' }, { company: 'A & B', unsubscribeUrl: 'https://u' });
    expect(mail.text).toBe('Hallo A & B! Abmelden: https://u');
  });

  it('refuses a template without {{unsubscribeUrl}} or with unknown merge fields, naming the part', () => {
    const issues = (input: unknown) => {
      try {
        parseWith(createTemplateSchema, input, 'template');
        return [];
      } catch (error) {
        return (error as { issues: Array<{ path: string; message: string }> }).issues;
      }
    };
    expect(issues({ name: 'T', subject: 'S', html: '<p>no link</p>' })).toEqual([{ path: 'html', message: 'must contain {{unsubscribeUrl}}' }]);
    expect(issues({ name: 'T', subject: '{{vorname}}', html: template.html, text: 'x' })).toEqual([
      expect.objectContaining({ path: 'subject', message: expect.stringContaining('{{vorname}}') }),
      { path: 'text', message: 'must contain {{unsubscribeUrl}}' },
    ]);
    expect(issues({ name: 'T', subject: 'S', html: template.html })).toEqual([]);
    expect(mergeFieldsOf('{{ email }} {{x|y}}')).toEqual({ known: ['email'], unknown: ['x'] });
  });
});
