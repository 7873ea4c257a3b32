// The handful of emoji shortcodes alerts commonly use; unknown codes stay as `:code:` like Slack's
// fallback for custom emoji the viewer does not have.
const EMOJI = {
  rotating_light: '🚨',
  warning: '⚠️',
  x: '❌',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  fire: '🔥',
  rocket: '🚀',
  information_source: 'ℹ️',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  large_blue_circle: '🔵',
  green_circle: '🟢',
  yellow_circle: '🟡',
  orange_circle: '🟠',
  bell: '🔔',
  no_bell: '🔕',
  boom: '💥',
  bug: '🐛',
  package: '📦',
  memo: '📝',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  stopwatch: '⏱️',
  tada: '🎉',
  eyes: '👀',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  skull: '💀',
  zap: '⚡',
  lock: '🔒',
  key: '🔑',
  gear: '⚙️',
  wrench: '🔧',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  arrows_counterclockwise: '🔄',
  repeat: '🔁',
  construction: '🚧',
  sos: '🆘',
  ok: '🆗',
  robot_face: '🤖',
  wave: '👋',
  mag: '🔍',
  link: '🔗',
  clipboard: '📋',
  calendar: '📅',
  heavy_minus_sign: '➖',
  heavy_plus_sign: '➕',
  arrow_up: '⬆️',
  arrow_down: '⬇️',
};

/**
 * Replaces known `:shortcode:`s with their emoji.
 * @param {string} text
 */
export function emojify(text) {
  if (!text.includes(':')) return text;
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code) =>
    Object.hasOwn(EMOJI, code) ? EMOJI[/** @type {keyof typeof EMOJI} */ (code)] : whole,
  );
}
