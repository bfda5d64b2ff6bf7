import { describe, expect, it } from 'vitest';
import { publicityName } from '../src/domain/publicity.js';

describe('公示 names', () => {
  it('keeps the surname and masks the given name: 张* for two characters, 张*三 for three', () => {
    expect(publicityName('张三')).toBe('张*');
    expect(publicityName('张小三')).toBe('张*三');
    expect(publicityName('欧阳小明')).toBe('欧**明');
    expect(publicityName(' 李 ')).toBe('李');
  });
});
