/** Sizes are reported in KiB (1024 bytes), as scripts/size-budget.js prints them. */
export const KIB = 1024;
export const MIB = 1024 * 1024;
