/**
 * Splits a speaker's one-line tagline ("Head of Digital | NHS England",
 * "Software Engineer at Dynatrace") into role and organisation. When the
 * split is not clear ("CEO atwork, MVP Azure, Microsoft RD", "Dynatrace")
 * the line is kept whole as the tagline: a wrong split reads worse than none.
 */
export interface TaglineParts {
  role?: string;
  organisation?: string;
  tagline?: string;
}

// Words that mark a job title; an "organisation" containing one was probably a second role.
const ROLE_WORDS = new RegExp(
  `\\b(${[
    'mvp', 'rd', 'gde', 'ceo', 'cto', 'cio', 'coo', 'cfo', 'founder', 'engineer', 'architect', 'developer', 'manager',
    'director', 'lead', 'head', 'officer', 'advocate', 'consultant', 'evangelist', 'speaker', 'author', 'trainer',
    'scientist', 'analyst', 'designer', 'specialist', 'nurse', 'doctor', 'psychiatrist', 'psychologist', 'therapist',
    'practitioner', 'professor', 'lecturer', 'student', 'chair', 'member',
  ].join('|')})\\b`,
  'i',
);

export function splitTagline(value: string | undefined): TaglineParts {
  const tagline = value?.replace(/\s+/g, ' ').trim();
  if (!tagline) return {};
  const parts = separate(tagline);
  if (parts && parts[0] && parts[1] && !ROLE_WORDS.test(parts[1])) return {role: parts[0], organisation: parts[1]};
  return {tagline};
}

/** Role and organisation around a separator that occurs exactly once, strongest separator first. */
function separate(s: string): [string, string] | undefined {
  for (const separator of [' | ', ' @ ']) {
    const pieces = s.split(separator);
    if (pieces.length > 2) return undefined;
    if (pieces.length === 2) return [pieces[0].trim(), pieces[1].trim()];
  }
  // "at" can appear inside a role ("Head of Data at Scale at Acme"): the organisation follows the last one.
  const at = s.lastIndexOf(' at ');
  if (at > 0) return [s.slice(0, at).trim(), s.slice(at + 4).trim()];
  // A comma also separates items of a list ("Maths, AI and Algorithms"): trust it only before a short name.
  const pieces = s.split(', ');
  if (pieces.length === 2 && pieces[1].split(' ').length <= 6 && !/ (and|und|et|&) /i.test(` ${pieces[1]} `)) {
    return [pieces[0].trim(), pieces[1].trim()];
  }
  return undefined;
}
