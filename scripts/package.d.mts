/** Types of scripts/package.mjs for the tests (test/package). */
export declare const TARGETS: Record<string, { dirs: string[]; libc?: 'glibc' | 'musl' }>;
export declare function hostTarget(): string;
export declare function prebuildServes(relPath: string, target: string): boolean;
export declare function runtimeFiles(target: string): string[];
export declare const PACKAGED_FROM: Record<string, string>;
