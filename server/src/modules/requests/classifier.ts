import { REPAIR_TYPES, WORDS, type Category, type Urgency, type Word } from './classifier.words.ts';

export interface Classification {
  category: Category;
  urgency: Urgency;
  /** The words that decided it, in the order they appear in the text. */
  matched: string[];
}

// Longest first, so a phrase claims its characters before the words inside it.
const ORDERED = [...WORDS].sort((a, b) => b.word.length - a.word.length);

function findWords(text: string): Array<{ word: Word; at: number }> {
  const taken = new Array<boolean>(text.length).fill(false);
  const found: Array<{ word: Word; at: number }> = [];
  for (const word of ORDERED) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(word.word, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + word.word.length;
      if (taken.slice(at, end).some(Boolean)) continue;
      for (let i = at; i < end; i++) taken[i] = true;
      found.push({ word, at });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

/**
 * Proposes category and urgency from the text (R-DESK-2); the clerk confirms or overrides.
 * Scores each category by the weights of its words; an emergency word makes it an
 * emergency whatever else is said; an enquiry only wins when nothing is broken.
 */
export function classify(description: string): Classification {
  const text = description.replace(/\s+/g, '');
  const found = findWords(text);
  const scores = new Map<Category, number>();
  for (const { word } of found) if (word.category) scores.set(word.category, (scores.get(word.category) ?? 0) + word.weight);
  const emergency = found.some((f) => f.word.emergency);
  const repairScore = Math.max(0, ...REPAIR_TYPES.map((t) => scores.get(t) ?? 0));
  let category: Category = 'other';
  let best = 0;
  // Ties go to the earlier entry: complaints before repairs before suggestions before enquiries.
  for (const c of ['complaint', ...REPAIR_TYPES, 'suggestion', 'enquiry'] as Category[]) {
    const s = scores.get(c) ?? 0;
    if (s > best) [category, best] = [c, s];
  }
  if (emergency && !REPAIR_TYPES.includes(category as never)) {
    // "投诉…电梯困人" is still an emergency repair first: the people come before the complaint.
    category = (REPAIR_TYPES.find((t) => (scores.get(t) ?? 0) === repairScore && repairScore > 0) ?? 'other') as Category;
  }
  if (category === 'enquiry' && repairScore > 0 && (scores.get('enquiry') ?? 0) <= repairScore) {
    category = REPAIR_TYPES.find((t) => scores.get(t) === repairScore)!;
  }
  const urgency: Urgency = emergency ? 'emergency' : category === 'enquiry' ? 'enquiry' : 'general';
  const matched = [...new Set(found.filter((f) => f.word.emergency || f.word.category).map((f) => f.word.word))];
  return { category, urgency, matched };
}

export const isRepair = (c: string): boolean => (REPAIR_TYPES as readonly string[]).includes(c);
