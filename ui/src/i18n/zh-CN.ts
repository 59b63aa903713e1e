/**
 * The default dictionary (简体中文). Every other language is typed against its keys through
 * `Messages`, so a key missing from a translation fails `npm run check`.
 * Placeholders are written `{name}` and filled in by `t()`.
 */
export const zhCN = {
  'app.name': '访企拓岗工作台',
  'app.subtitle': '书记校长访企拓岗促就业专项行动的走访日程、企业台账与工作报告',
  'app.version': '版本 {version}',
  'language.label': '界面语言',
} as const;

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
