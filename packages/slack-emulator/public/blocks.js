// Block Kit and legacy attachments → DOM, as Slack lays them out. Unknown blocks and elements are
// shown as a muted marker instead of breaking the message.
import { attachmentColor, clockTime, h, safeUrl, tsToDate } from './dom.js';
import { emojify } from './emoji.js';
import { renderMrkdwn } from './mrkdwn.js';

/** @typedef {import('./mrkdwn.js').RenderContext} RenderContext */
/** @typedef {Record<string, any>} Json */

/**
 * A Slack text object (mrkdwn or plain_text) as nodes.
 * @param {Json | string | undefined} obj
 * @param {RenderContext} ctx
 */
export function textObject(obj, ctx) {
  if (obj === undefined || obj === null) return null;
  if (typeof obj === 'string') return renderMrkdwn(obj, ctx);
  const text = typeof obj.text === 'string' ? obj.text : '';
  if (obj.type === 'mrkdwn') return renderMrkdwn(text, ctx);
  return document.createTextNode(obj.emoji === false ? text : emojify(text));
}

/**
 * @param {unknown} blocks
 * @param {RenderContext} ctx
 */
export function renderBlocks(blocks, ctx) {
  if (!Array.isArray(blocks)) return null;
  return h(
    'div',
    { class: 'blocks', testid: 'blocks' },
    blocks.map((b, i) => renderBlock(b, ctx, i)),
  );
}

/**
 * @param {Json} block
 * @param {RenderContext & { onAction?: (el: Json, blockId: string) => void }} ctx
 * @param {number} index
 */
function renderBlock(block, ctx, index) {
  if (!block || typeof block !== 'object') return null;
  // The emulator's name for a block posted without block_id (what a click's payload carries).
  const blockId = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
  switch (block.type) {
    case 'header':
      return h('div', { class: 'block-header', testid: 'block-header' }, textObject(block.text, ctx));
    case 'section':
      return h(
        'div',
        { class: 'block-section', testid: 'block-section' },
        h(
          'div',
          { class: 'section-main' },
          block.text &&
            h('div', { class: 'section-text', testid: 'section-text' }, textObject(block.text, ctx)),
          Array.isArray(block.fields) &&
            h(
              'div',
              { class: 'block-fields', testid: 'block-fields' },
              block.fields.map((/** @type {Json} */ f) =>
                h('div', { class: 'block-field', testid: 'block-field' }, textObject(f, ctx)),
              ),
            ),
        ),
        block.accessory && renderAccessory(block.accessory, ctx, blockId),
      );
    case 'context':
      return h(
        'div',
        { class: 'block-context', testid: 'block-context' },
        (Array.isArray(block.elements) ? block.elements : []).map((/** @type {Json} */ el) =>
          el?.type === 'image'
            ? h('span', { class: 'context-image', title: String(el.alt_text ?? '') })
            : h('span', { class: 'context-text' }, textObject(el, ctx)),
        ),
      );
    case 'divider':
      return h('hr', { class: 'block-divider', testid: 'block-divider' });
    case 'actions':
      return h(
        'div',
        { class: 'block-actions', testid: 'block-actions' },
        (Array.isArray(block.elements) ? block.elements : []).map((/** @type {Json} */ el) =>
          renderAccessory(el, ctx, blockId),
        ),
      );
    case 'image':
      return imagePlaceholder(block.image_url, block.alt_text, block.title?.text);
    case 'rich_text':
      return h(
        'div',
        { class: 'block-rich-text', testid: 'block-rich-text' },
        richElements(block.elements, ctx),
      );
    default:
      return h('div', { class: 'block-unknown', testid: 'block-unknown' }, `[${String(block.type)} block]`);
  }
}

/**
 * A button of a channel message is a real button: a click sends its `block_actions` payload as the
 * user picked in "You are" (`ctx.onAction`). Elsewhere (attachments, ephemerals) and for menus it is
 * shown but inert.
 * @param {Json} el
 * @param {RenderContext & { onAction?: (el: Json, blockId: string) => void }} ctx
 * @param {string} [blockId]
 */
function renderAccessory(el, ctx, blockId) {
  if (!el || typeof el !== 'object') return null;
  if (el.type === 'button') {
    const cls = el.style === 'primary' ? ' primary' : el.style === 'danger' ? ' danger' : '';
    const onAction = ctx.onAction;
    if (!onAction || blockId === undefined) {
      return h('span', { class: `accessory-button${cls}`, testid: 'accessory' }, textObject(el.text, ctx));
    }
    return h(
      'button',
      {
        type: 'button',
        class: `accessory-button${cls}`,
        testid: 'accessory',
        dataset: { actionId: String(el.action_id ?? ''), blockId },
        onclick: () => onAction(el, blockId),
      },
      textObject(el.text, ctx),
    );
  }
  if (el.type === 'image')
    return h('span', { class: 'accessory-image', title: String(el.alt_text ?? '') }, '🖼');
  const label = el.placeholder ? textObject(el.placeholder, ctx) : String(el.type ?? 'element');
  return h('span', { class: 'accessory-other', testid: 'accessory' }, label);
}

/** Images are not fetched (the page makes no outside requests); the link still works. */
function imagePlaceholder(
  /** @type {unknown} */ url,
  /** @type {unknown} */ alt,
  /** @type {unknown} */ title,
) {
  const href = typeof url === 'string' ? safeUrl(url) : null;
  const label = `🖼 ${String(title ?? alt ?? 'image')}`;
  return h(
    'div',
    { class: 'block-image', testid: 'block-image' },
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label) : label,
  );
}

/**
 * rich_text elements (sections, lists, quotes, preformatted).
 * @param {unknown} elements
 * @param {RenderContext} ctx
 * @returns {Node[]}
 */
function richElements(elements, ctx) {
  if (!Array.isArray(elements)) return [];
  return elements.map((el) => {
    switch (el?.type) {
      case 'rich_text_section':
        return h('div', { class: 'rt-section' }, richInline(el.elements, ctx));
      case 'rich_text_quote':
        return h('blockquote', { class: 'md-quote' }, richInline(el.elements, ctx));
      case 'rich_text_preformatted':
        return h('pre', { class: 'md-pre' }, richInline(el.elements, ctx));
      case 'rich_text_list':
        return h(
          el.style === 'ordered' ? 'ol' : 'ul',
          { class: 'rt-list' },
          richElements(el.elements, ctx).map((item) => h('li', null, item)),
        );
      default:
        return h('span', { class: 'block-unknown' }, `[${String(el?.type)}]`);
    }
  });
}

/** @param {unknown} elements @param {RenderContext} ctx */
function richInline(elements, ctx) {
  if (!Array.isArray(elements)) return [];
  return elements.map((el) => {
    /** @type {Node} */
    let node;
    switch (el?.type) {
      case 'text':
        node = document.createTextNode(String(el.text ?? ''));
        break;
      case 'link': {
        const href = safeUrl(String(el.url ?? ''));
        const label = String(el.text ?? el.url ?? '');
        node = href
          ? h('a', { class: 'md-link', href, target: '_blank', rel: 'noopener noreferrer' }, label)
          : document.createTextNode(label);
        break;
      }
      case 'user':
        node = h(
          'span',
          { class: 'mention', testid: 'mention' },
          `@${ctx.userName(String(el.user_id)) ?? el.user_id}`,
        );
        break;
      case 'channel':
        node = h(
          'span',
          { class: 'channel-link' },
          `#${ctx.channelName(String(el.channel_id)) ?? el.channel_id}`,
        );
        break;
      case 'broadcast':
        node = h('span', { class: 'mention mention-broadcast', testid: 'mention' }, `@${el.range}`);
        break;
      case 'emoji':
        node = document.createTextNode(emojify(`:${el.name}:`));
        break;
      default:
        node = document.createTextNode('');
    }
    const style = el?.style ?? {};
    if (style.code) node = h('code', { class: 'md-code' }, node);
    if (style.strike) node = h('del', null, node);
    if (style.italic) node = h('em', null, node);
    if (style.bold) node = h('strong', null, node);
    return node;
  });
}

/**
 * Legacy attachments with the colour bar.
 * @param {unknown} attachments
 * @param {RenderContext} ctx
 */
export function renderAttachments(attachments, ctx) {
  if (!Array.isArray(attachments) || attachments.length === 0) return null;
  return h(
    'div',
    { class: 'attachments' },
    attachments.map((a) => renderAttachment(a, ctx)),
  );
}

/** @param {Json} a @param {RenderContext} ctx */
function renderAttachment(a, ctx) {
  if (!a || typeof a !== 'object') return null;
  const color = attachmentColor(a.color);
  const fields = Array.isArray(a.fields) ? a.fields : [];
  const hasBody = a.title || a.text || fields.length || a.blocks || a.author_name || a.image_url;
  const footerTime =
    typeof a.ts === 'number' || typeof a.ts === 'string' ? clockTime(tsToDate(String(a.ts))) : '';
  const titleHref = typeof a.title_link === 'string' ? safeUrl(a.title_link) : null;
  return h(
    'div',
    { class: 'attachment-wrap' },
    a.pretext && h('div', { class: 'attachment-pretext' }, renderMrkdwn(String(a.pretext), ctx)),
    h(
      'div',
      { class: 'attachment', testid: 'attachment' },
      h('div', {
        class: 'attachment-bar',
        testid: 'attachment-bar',
        style: color ? { 'background-color': color } : null,
      }),
      h(
        'div',
        { class: 'attachment-body' },
        a.author_name && h('div', { class: 'attachment-author' }, String(a.author_name)),
        a.title &&
          h(
            'div',
            { class: 'attachment-title', testid: 'attachment-title' },
            titleHref
              ? h('a', { href: titleHref, target: '_blank', rel: 'noopener noreferrer' }, String(a.title))
              : String(a.title),
          ),
        a.text &&
          h(
            'div',
            { class: 'attachment-text', testid: 'attachment-text' },
            renderMrkdwn(String(a.text), ctx),
          ),
        fields.length > 0 &&
          h(
            'div',
            { class: 'attachment-fields', testid: 'attachment-fields' },
            fields.map((/** @type {Json} */ f) =>
              h(
                'div',
                {
                  class: f?.short ? 'attachment-field short' : 'attachment-field',
                  testid: 'attachment-field',
                },
                f?.title && h('div', { class: 'attachment-field-title' }, String(f.title)),
                f?.value !== undefined &&
                  h('div', { class: 'attachment-field-value' }, renderMrkdwn(String(f.value), ctx)),
              ),
            ),
          ),
        a.image_url && imagePlaceholder(a.image_url, a.fallback, a.title),
        renderBlocks(a.blocks, ctx),
        !hasBody && a.fallback && h('div', { class: 'attachment-text' }, String(a.fallback)),
        (a.footer || footerTime) &&
          h(
            'div',
            { class: 'attachment-footer', testid: 'attachment-footer' },
            a.footer && renderMrkdwn(String(a.footer), ctx),
            a.footer && footerTime && ' | ',
            footerTime,
          ),
      ),
    ),
  );
}
