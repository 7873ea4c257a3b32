/** Block Kit limits for messages (Slack's Block Kit reference). */
export const BLOCK_LIMITS = {
  blocks: 50,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  markdownText: 12000,
} as const;

const KNOWN_TYPES = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'image',
  'markdown',
  'rich_text',
  'input',
  'file',
  'video',
  'table',
  'context_actions',
]);

function textOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') {
    return (value as { text: string }).text;
  }
  return undefined;
}

/**
 * Validates a `blocks` array the way Slack reports it: a list of messages
 * `"<reason> [json-pointer:/blocks/…]"`; empty when valid.
 */
export function validateBlocks(blocks: unknown[]): string[] {
  const errors: string[] = [];
  if (blocks.length > BLOCK_LIMITS.blocks) {
    errors.push(`no more than ${BLOCK_LIMITS.blocks} items allowed [json-pointer:/blocks]`);
  }
  blocks.forEach((block, i) => {
    const at = `/blocks/${i}`;
    if (!block || typeof block !== 'object' || Array.isArray(block)) {
      errors.push(`expected object [json-pointer:${at}]`);
      return;
    }
    const b = block as Record<string, unknown>;
    if (typeof b['type'] !== 'string' || !KNOWN_TYPES.has(b['type'])) {
      errors.push(`failed to match all allowed schemas [json-pointer:${at}]`);
      return;
    }
    if (typeof b['block_id'] === 'string' && b['block_id'].length > BLOCK_LIMITS.blockId) {
      errors.push(`must be less than ${BLOCK_LIMITS.blockId + 1} characters [json-pointer:${at}/block_id]`);
    }
    const tooLong = (text: string | undefined, max: number, pointer: string): void => {
      if (text !== undefined && text.length > max) {
        errors.push(`failed to match all allowed schemas [json-pointer:${pointer}]`);
        errors.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
      }
    };
    switch (b['type']) {
      case 'section': {
        const text = textOf(b['text']);
        const fields = b['fields'];
        if (text === undefined && !Array.isArray(fields)) {
          errors.push(`must provide either text or fields [json-pointer:${at}]`);
        }
        if (text !== undefined && text.length === 0) {
          errors.push(`must be more than 0 characters [json-pointer:${at}/text/text]`);
        }
        tooLong(text, BLOCK_LIMITS.sectionText, `${at}/text`);
        if (Array.isArray(fields)) {
          if (fields.length > BLOCK_LIMITS.sectionFields) {
            errors.push(
              `no more than ${BLOCK_LIMITS.sectionFields} items allowed [json-pointer:${at}/fields]`,
            );
          }
          fields.forEach((f, j) => {
            tooLong(textOf(f), BLOCK_LIMITS.fieldText, `${at}/fields/${j}`);
          });
        }
        break;
      }
      case 'header': {
        const text = textOf(b['text']);
        if (text === undefined) errors.push(`must provide text [json-pointer:${at}/text]`);
        tooLong(text, BLOCK_LIMITS.headerText, `${at}/text`);
        break;
      }
      case 'context':
      case 'actions': {
        const max = b['type'] === 'context' ? BLOCK_LIMITS.contextElements : BLOCK_LIMITS.actionsElements;
        const elements = b['elements'];
        if (!Array.isArray(elements)) errors.push(`must provide elements [json-pointer:${at}/elements]`);
        else if (elements.length > max) {
          errors.push(`no more than ${max} items allowed [json-pointer:${at}/elements]`);
        }
        break;
      }
      case 'markdown': {
        const text = typeof b['text'] === 'string' ? b['text'] : undefined;
        if (text !== undefined && text.length > BLOCK_LIMITS.markdownText) {
          errors.push(
            `must be less than ${BLOCK_LIMITS.markdownText + 1} characters [json-pointer:${at}/text]`,
          );
        }
        break;
      }
      default:
        break;
    }
  });
  return errors;
}
