/**
 * 公示: what a publicity list may show of a person. The name is masked — the surname and `*` for the
 * given name (张*; 张*三 for a three-character name, its last character kept); no ID number, no address.
 * Two-character surnames (欧阳) are not told apart from given names: the first character is the one kept.
 */
export function publicityName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
