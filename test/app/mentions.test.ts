import { commandText, mentions, promptText } from '../../lambdas/app/mentions';

// Plane stores comment_html after lxml's html.tostring (makeplane/plane apps/api/plane/api/serializers/issue.py,
// IssueCommentSerializer.validate), so attributes arrive double-quoted; mentions are empty
// <mention-component> elements (apps/api/plane/bgtasks/notification_task.py).
const mention = (id: string, name = 'user_mention', extra = '') =>
  `<mention-component id="m-${id}"${extra} entity_identifier="${id}" entity_name="${name}"></mention-component>`;

describe('mentions', () => {
  it('finds a user mention of the bot among others', () => {
    expect(mentions(`<p>${mention('ada')} and ${mention('bot', 'user_mention', ' label="Bot"')} hi</p>`, 'bot')).toBe(
      true,
    );
  });

  it.each([
    ['no mention', '<p>bot, summary</p>'],
    ['a mention of someone else', `<p>${mention('ada')} summary</p>`],
    ['the bot named in another kind of mention', `<p>${mention('bot', 'issue_mention')}</p>`],
    ['no html at all', null],
  ])('is false for %s', (_case, html) => {
    expect(mentions(html, 'bot')).toBe(false);
  });
});

describe('commandText', () => {
  it('drops mentions and tags, decodes entities and collapses spaces', () => {
    const html = `<p>${mention('bot')}&nbsp; Priority <strong>high</strong></p><p>please &amp; thanks</p>`;
    expect(commandText(html)).toBe('Priority high please & thanks');
  });

  it('reads line breaks and paragraphs as spaces', () => {
    expect(commandText('<p>assign</p><p>me</p>')).toBe('assign me');
    expect(commandText('assign<br/>me')).toBe('assign me');
  });

  it('is empty for a comment that holds only the mention, or nothing', () => {
    expect(commandText(`<p>${mention('bot')}</p>`)).toBe('');
    expect(commandText(undefined)).toBe('');
  });
});

describe('promptText', () => {
  it('reads the server’s prompt body, the comment’s HTML with the mention, as the command', () => {
    expect(promptText(`<p>${mention('bot')} priority&nbsp;high</p>`)).toBe('priority high');
  });

  it('keeps a plain-text body (the docs’ form) as typed, angle brackets included', () => {
    expect(promptText('  is a < b  &amp; c?\n')).toBe('is a < b &amp; c?');
  });

  it('is empty for no body', () => {
    expect(promptText(undefined)).toBe('');
  });
});
