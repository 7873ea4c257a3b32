/**
 * Slack's message limits, counted in UTF-16 code units (what Slack and JavaScript count), and the safer
 * targets `fitToLimits` aims for. Sources: Block Kit reference, chat.postMessage / chat.update docs.
 */
export const SLACK_LIMITS = {
  /** Top-level `text` of chat.postMessage: longer text is cut by Slack with a warning. */
  text: 40_000,
  /** Blocks per message. */
  blocks: 50,
  /** `section.text.text`. */
  sectionText: 3_000,
  /** `header.text.text` (plain_text). */
  headerText: 150,
  /** Items in `section.fields`. */
  sectionFields: 10,
  /** Each `section.fields[i].text`. */
  fieldText: 2_000,
  /** Items in `context.elements`. */
  contextElements: 10,
  /** Any text object not covered above (context element, image alt text…). */
  textObject: 3_000,
  /** `markdown` block text. */
  markdownBlock: 12_000,
  /** `block_id`. */
  blockId: 255,
  /**
   * Cumulative text of all blocks: undocumented, Slack answers `msg_blocks_too_long` around here
   * (bolt-js#2867, "12,000 text characters with a buffer").
   */
  blocksTotalText: 12_000,
  /** Attachments per message (`too_many_attachments`). */
  attachments: 100,
  /** Attachment `title`. */
  attachmentTitle: 1_024,
} as const;

/** What `fitToLimits` produces: below the hard limits, so a payload is never near the edge. */
export const SAFE_LIMITS = {
  /** Top-level text of a text-only message. */
  text: 39_000,
  /**
   * Top-level text when blocks or attachments carry the detail: it is only the notification fallback, and
   * `chat.update` (used for storm counters) refuses text over 4,000 characters.
   */
  fallbackText: 3_000,
  /** Cumulative text of all blocks, with a buffer below Slack's undocumented ~12,000. */
  blocksTotalText: 10_000,
  /** Attachments per message: Slack allows 100 but recommends no more than 20. */
  attachments: 20,
  /** Attachment `text` (Slack cuts longer text in display). */
  attachmentText: 8_000,
  /** Attachment `pretext`, `fallback`. */
  attachmentPretext: 3_000,
  /** Attachment `title`. */
  attachmentTitle: 1_000,
  /** Fields per attachment. */
  attachmentFields: 20,
  /** Attachment field title. */
  attachmentFieldTitle: 300,
  /** Attachment field value. */
  attachmentFieldValue: 2_000,
  /** Attachment footer, author name. */
  attachmentFooter: 300,
  /** Cumulative text of all attachments. */
  attachmentsTotalText: 20_000,
  /** Context element text. */
  contextElement: 2_000,
} as const;
