// Random number literals in every syntax of the text format, for differential tests.

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomLiteral(r: () => number, type: 'i32' | 'i64' | 'f32' | 'f64'): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const digits = (n: number, alphabet = '0123456789'): string => Array.from({ length: n }, () => pick([...alphabet])).join('');
  const sep = (s: string): string => (r() < 0.3 && s.length > 2 ? s.slice(0, 1) + '_' + s.slice(1) : s);
  const sign = pick(['', '-', '+']);
  if (type === 'i32' || type === 'i64') {
    const max = type === 'i32' ? 8 : 16;
    if (r() < 0.5) return `${pick(['', '-'])}0x${sep(digits(1 + Math.floor(r() * (max - 1)), '0123456789abcdefABCDEF'))}`;
    return `${pick(['', '-'])}${sep(String(Math.floor(r() * (type === 'i32' ? 2147483647 : Number.MAX_SAFE_INTEGER))))}`;
  }
  switch (Math.floor(r() * 6)) {
    case 0: return `${sign}${digits(1 + Math.floor(r() * 20))}.${digits(Math.floor(r() * 25))}`;
    case 1: return `${sign}${digits(1 + Math.floor(r() * 3))}e${pick(['', '-', '+'])}${Math.floor(r() * (type === 'f32' ? 38 : 300))}`;
    case 2: return `${sign}0x${digits(1 + Math.floor(r() * 8), '0123456789abcdef')}.${digits(Math.floor(r() * 14), '0123456789abcdef')}p${pick(['', '-', '+'])}${Math.floor(r() * (type === 'f32' ? 120 : 1000))}`;
    case 3: return `${sign}${pick(['inf', 'nan', 'nan:0x1', type === 'f32' ? 'nan:0x7fffff' : 'nan:0xfffffffffffff', 'nan:0x200'])}`;
    case 4: return `${sign}0.${'0'.repeat(Math.floor(r() * 50))}${digits(1 + Math.floor(r() * 18))}`;
    default: return `${sign}${sep(digits(1 + Math.floor(r() * 12)))}`;
  }
}

