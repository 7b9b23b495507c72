import { mentionedUserIds, mentionHtml } from '../../lambdas/local/plane-simulator/format/rich-text';

const BOT = '7286aaa7-9250-4851-a520-29c904fd7654';

describe('mentionedUserIds', () => {
  it('finds user mentions whatever the attribute order and quote style', () => {
    const html =
      `<p>a <mention-component entity_name="user_mention" id="m1" entity_identifier="${BOT}"></mention-component>` +
      ` b <mention-component label='Bot' entity_identifier='u-2' id='m2' ` +
      `entity_name='user_mention'></mention-component></p>`;
    expect(mentionedUserIds(html)).toEqual([BOT, 'u-2']);
  });

  it('ignores other mention kinds and repeats', () => {
    const html =
      `<mention-component id="a" entity_identifier="${BOT}" entity_name="user_mention"></mention-component>` +
      `<mention-component id="b" entity_identifier="${BOT}" entity_name="user_mention"></mention-component>` +
      `<mention-component id="c" entity_identifier="x" entity_name="issue_mention"></mention-component>`;
    expect(mentionedUserIds(html)).toEqual([BOT]);
  });

  it('reads back the markup it writes', () => {
    const html = mentionHtml({ id: BOT, display_name: 'Helper "Bot"' });
    expect(html).toMatch(
      new RegExp(
        '^<mention-component id="[0-9a-f-]{36}" label="Helper &quot;Bot&quot;" ' +
          'entity_identifier="7286aaa7-9250-4851-a520-29c904fd7654" entity_name="user_mention"></mention-component>$',
      ),
    );
    expect(mentionedUserIds(html)).toEqual([BOT]);
  });
});
