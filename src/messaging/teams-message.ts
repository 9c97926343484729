import type { ChatMessage } from './chat-message';

/**
 * The parts of Adaptive Cards 1.5 a chat message uses (adaptivecards.io/explorer), as plain typed
 * objects: deployed code needs no card library; test/messaging parses every card with Microsoft's
 * `adaptivecards` parser at version 1.5.
 */
export interface TextRun {
  readonly type: 'TextRun';
  readonly text: string;
  readonly weight?: 'Default' | 'Bolder';
  readonly size?: 'Default' | 'Medium' | 'Large';
  readonly color?: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  readonly isSubtle?: boolean;
}
export interface RichTextBlock {
  readonly type: 'RichTextBlock';
  readonly inlines: readonly TextRun[];
  readonly spacing?: 'None' | 'Small' | 'Default' | 'Medium';
}
export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}
export interface AdaptiveCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.5';
  readonly body: readonly RichTextBlock[];
  readonly actions?: readonly OpenUrlAction[];
  readonly msteams?: { readonly width: 'Full' };
}

/** What a Teams Workflows webhook ("Post to a channel when a webhook request is received") takes. */
export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [
    {
      readonly contentType: 'application/vnd.microsoft.card.adaptive';
      readonly contentUrl: null;
      readonly content: AdaptiveCard;
    },
  ];
}

const toneColours = { info: 'Accent', good: 'Good', warning: 'Warning', attention: 'Attention' } as const;

/**
 * A message with one Adaptive Card. Text goes in `TextRun`s only: unlike `TextBlock` and `FactSet`,
 * a `TextRun` renders no Markdown, so a title or comment from outside cannot become a link or styling.
 */
export function teamsMessage(message: ChatMessage): TeamsMessage {
  const body: RichTextBlock[] = [
    {
      type: 'RichTextBlock',
      inlines: [
        { type: 'TextRun', text: message.headline, weight: 'Bolder', size: 'Medium', color: toneColours[message.tone] },
      ],
    },
    ...(message.title
      ? [
          {
            type: 'RichTextBlock' as const,
            inlines: [{ type: 'TextRun' as const, text: message.title, weight: 'Bolder' as const }],
          },
        ]
      : []),
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: message.summary }] },
    ...message.facts.map((f): RichTextBlock => ({
      type: 'RichTextBlock',
      spacing: 'Small',
      inlines: [
        { type: 'TextRun', text: `${f.label}: `, weight: 'Bolder' },
        { type: 'TextRun', text: f.value },
      ],
    })),
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: message.when, isSubtle: true }] },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.5',
          body,
          ...(message.link
            ? { actions: [{ type: 'Action.OpenUrl', title: message.link.label, url: message.link.url }] }
            : {}),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}
