/** Sizes of files are reported in KiB (1024 bytes), as scripts/size-budget.js prints them. */
export const KIB = 1024;
/** Memory is reported in MB (10^6 bytes), as Chrome's DevTools shows it. */
export const MB = 1e6;
