/** Short lists typed as one line: 计算机、自动化 / a, b / a；b all split the same way. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、;；\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function joinList(items: readonly string[]): string {
  return items.join('、');
}
