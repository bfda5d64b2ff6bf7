// A leaf of the domain: the action table, the benefit rules and the policy table all read it.

/** 特困: the person's self-care ability decides the care standard (完全自理, 部分失能, 完全失能). */
export const SELF_CARE = ['full', 'partial', 'none'] as const;
export type SelfCare = (typeof SELF_CARE)[number];
